// Proves that a GraphQL schema is a faithful subset of another: what the stand-in serves must exist, with the same
// types, in the real API, and the stand-in must not let a caller omit what the real API requires.
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
  isUnionType
} from 'graphql';

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  return 'scalar';
}

function argumentProblems(
  where: string,
  subsetArgs: readonly GraphQLArgument[],
  officialArgs: readonly GraphQLArgument[]
): string[] {
  const official = new Map(officialArgs.map((arg) => [arg.name, arg]));
  const subsetNames = new Set(subsetArgs.map((arg) => arg.name));
  return [
    ...subsetArgs.flatMap((arg) => {
      const real = official.get(arg.name);
      if (!real) return [`${where}(${arg.name}:) does not exist in the official schema`];
      return String(real.type) === String(arg.type)
        ? []
        : [`${where}(${arg.name}:) is ${String(arg.type)} here but ${String(real.type)} in the official schema`];
    }),
    ...officialArgs
      .filter((arg) => isRequiredArgument(arg) && !subsetNames.has(arg.name))
      .map((arg) => `${where}(${arg.name}:) is required by the official schema but missing here`)
  ];
}

function fieldProblems(
  typeName: string,
  subsetFields: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>,
  officialFields: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>,
  isInput: boolean
): string[] {
  const problems = Object.values(subsetFields).flatMap((field) => {
    const where = `${typeName}.${field.name}`;
    const real = officialFields[field.name];
    if (!real) return [`${where} does not exist in the official schema`];
    const typeProblem =
      String(real.type) === String(field.type)
        ? []
        : [`${where} is ${String(field.type)} here but ${String(real.type)} in the official schema`];
    const args = 'args' in field && 'args' in real ? argumentProblems(where, field.args, real.args) : [];
    return [...typeProblem, ...args];
  });
  const missingRequired = isInput
    ? Object.values(officialFields)
        .filter((field) => isRequiredInputField(field as GraphQLInputField) && !(field.name in subsetFields))
        .map((field) => `${typeName}.${field.name} is required by the official schema but missing here`)
    : [];
  return [...problems, ...missingRequired];
}

/** Every way in which `subset` is not a faithful part of `official`; empty when it is. */
export function subsetIncompatibilities(subset: GraphQLSchema, official: GraphQLSchema): string[] {
  return Object.values(subset.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type): string[] => {
      const real = official.getType(type.name);
      if (!real) return [`type ${type.name} does not exist in the official schema`];
      if (kindOf(real) !== kindOf(type)) {
        return [`${type.name} is a ${kindOf(type)} here but a ${kindOf(real)} in the official schema`];
      }
      if (isEnumType(type) && isEnumType(real)) {
        const values = new Set(real.getValues().map((value) => value.name));
        return type
          .getValues()
          .filter((value) => !values.has(value.name))
          .map((value) => `${type.name}.${value.name} is not an enum value in the official schema`);
      }
      if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(real) || isInterfaceType(real))) {
        const interfaces = new Set(real.getInterfaces().map((iface) => iface.name));
        return [
          ...type
            .getInterfaces()
            .filter((iface) => !interfaces.has(iface.name))
            .map((iface) => `${type.name} implements ${iface.name} here but not in the official schema`),
          ...fieldProblems(type.name, type.getFields(), real.getFields(), false)
        ];
      }
      if (isInputObjectType(type) && isInputObjectType(real)) {
        return fieldProblems(type.name, type.getFields(), real.getFields(), true);
      }
      if (isScalarType(type) || isUnionType(type)) return [];
      return [];
    });
}
