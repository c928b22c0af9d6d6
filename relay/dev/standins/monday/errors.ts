import { GraphQLError } from 'graphql';

/**
 * An application-level error, answered the way monday answers it: HTTP 200, the failed field `null` in `data`, and an
 * entry in `errors[]` with `extensions.code`, `error_data` and `status_code`.
 * https://developer.monday.com/api-reference/docs/error-handling
 */
export class MondayApplicationError extends GraphQLError {
  constructor(message: string, code: string, errorData: Record<string, unknown> = {}, statusCode = 200) {
    super(message, { extensions: { code, error_data: errorData, status_code: statusCode } });
  }
}

/** A value monday refuses for its column type (create_item, change_*_column_value). */
export class ColumnValueError extends MondayApplicationError {
  constructor(message: string, columnType: string, columnId: string) {
    // monday appends where to read about the right shape; see the ColumnValueException example in its changelog
    // ("bug fix column value exception error column_type update").
    super(
      `${message}. Please check our API documentation for the correct data structure for this column. https://developer.monday.com/api-reference/docs/change-column-values`,
      'ColumnValueException',
      { column_type: columnType, column_id: columnId }
    );
  }
}
