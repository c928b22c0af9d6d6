// The WHERE clause. soql-parser-js gives it as a right-leaning chain of conditions with parenthesis counts; this
// rebuilds the real tree (NOT binds tightest; AND and OR may not be mixed without parentheses, as in SOQL) and
// evaluates it against a record.
import { SalesforceApiError } from '../errors';

export interface Condition {
  field?: string;
  fn?: unknown;
  operator: string;
  literalType?: string | string[];
  value?: string | string[];
  openParen?: number;
  closeParen?: number;
}

interface WhereNode {
  left: Condition | null;
  operator?: string;
  right?: WhereNode;
}

export type Expression =
  | { kind: 'condition'; condition: Condition }
  | { kind: 'not'; operand: Expression }
  | { kind: 'and' | 'or'; operands: Expression[] };

type Token = '(' | ')' | 'NOT' | 'AND' | 'OR' | Condition;

const malformed = (message: string) => new SalesforceApiError(400, 'MALFORMED_QUERY', message);

function tokens(node: WhereNode | undefined, into: Token[] = []): Token[] {
  if (!node) return into;
  if (node.operator === 'NOT' && node.left === null) {
    into.push('NOT');
    return tokens(node.right, into);
  }
  const condition = node.left;
  if (condition) {
    for (let index = 0; index < (condition.openParen ?? 0); index += 1) into.push('(');
    into.push(condition);
    for (let index = 0; index < (condition.closeParen ?? 0); index += 1) into.push(')');
  }
  if (node.operator === 'AND' || node.operator === 'OR') into.push(node.operator);
  return tokens(node.right, into);
}

export function buildExpression(where: unknown): Expression {
  const list = tokens(where as WhereNode);
  let position = 0;

  const primary = (): Expression => {
    const token = list[position];
    if (token === 'NOT') {
      position += 1;
      return { kind: 'not', operand: primary() };
    }
    if (token === '(') {
      position += 1;
      const inner = sequence();
      if (list[position] !== ')') throw malformed("expecting a right parentheses, found ''");
      position += 1;
      return inner;
    }
    if (token === undefined || typeof token === 'string') throw malformed(`unexpected token: '${token ?? ''}'`);
    position += 1;
    return { kind: 'condition', condition: token };
  };

  const sequence = (): Expression => {
    const operands = [primary()];
    let joiner: 'AND' | 'OR' | undefined;
    while (list[position] === 'AND' || list[position] === 'OR') {
      const operator = list[position] as 'AND' | 'OR';
      // SOQL refuses "a AND b OR c": the grouping must be spelled out with parentheses.
      if (joiner && joiner !== operator) throw malformed(`unexpected token: '${operator}'`);
      joiner = operator;
      position += 1;
      operands.push(primary());
    }
    const [only] = operands;
    return operands.length === 1 && only ? only : { kind: joiner === 'OR' ? 'or' : 'and', operands };
  };

  const expression = sequence();
  const rest = list[position];
  if (rest !== undefined)
    throw malformed(`unexpected token: '${typeof rest === 'string' ? rest : (rest.field ?? '')}'`);
  return expression;
}

export function evaluate(expression: Expression, test: (condition: Condition) => boolean): boolean {
  switch (expression.kind) {
    case 'condition':
      return test(expression.condition);
    case 'not':
      return !evaluate(expression.operand, test);
    case 'and':
      return expression.operands.every((operand) => evaluate(operand, test));
    case 'or':
      return expression.operands.some((operand) => evaluate(operand, test));
  }
}

/** Every condition of an expression, to check them all before any record is read. */
export function conditionsOf(expression: Expression): Condition[] {
  switch (expression.kind) {
    case 'condition':
      return [expression.condition];
    case 'not':
      return conditionsOf(expression.operand);
    default:
      return expression.operands.flatMap(conditionsOf);
  }
}
