import { Fn, Token } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { constructIdOf } from "../iam/policy-attachments";
import { StreamViewType } from "../dynamodb/table-options";
import { ExistingTableSource } from "../isolation/resolve";
import { Problems, TABLE_NAME, checkTableName, fail, validateAll } from "../private/validation";

/** A table another state manages (or one made by hand), to be guarded by a perimeter: see `ExistingTable`. */
export interface IExistingTable {
  /** Its name, or a reference to it. */
  readonly tableName: string;
  /** Its ARN; undefined when it is named only (the perimeter's region and account are assumed). */
  readonly tableArn?: string;
}

/** Names a table that is not defined in this app. */
export class ExistingTable implements IExistingTable {
  /** A table of the perimeter's account and region, by name; a malformed literal name throws here. */
  public static fromName(tableName: string): IExistingTable {
    validateAll((problems) => problems.check(() => checkTableName("ExistingTable.fromName", "tableName", tableName)));
    return new ExistingTable(tableName, undefined);
  }

  /** A table by ARN (`arn:<partition>:dynamodb:<region>:<account>:table/<name>`), or a reference to one. */
  public static fromArn(tableArn: string): IExistingTable {
    if (Token.isUnresolved(tableArn)) return new ExistingTable(Fn.element(Fn.split("/", tableArn), 1), tableArn);
    const name = new RegExp(`^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/(${TABLE_NAME.source.slice(1, -1)})$`).exec(tableArn)?.[1];
    validateAll((problems) =>
      problems.check(() => {
        if (name === undefined)
          fail(
            "ExistingTable.fromArn",
            "tableArn",
            "must be a DynamoDB table ARN, arn:<partition>:dynamodb:<region>:<account>:table/<name>",
            tableArn,
          );
      }),
    );
    return new ExistingTable(name!, tableArn);
  }

  private constructor(
    public readonly tableName: string,
    public readonly tableArn: string | undefined,
  ) {}
}

/** How the perimeter treats an existing table. */
export interface ExistingTableOptions {
  /**
   * Give the table the perimeter's resource policies (`aws_dynamodb_resource_policy` on the
   * table and its stream). Without them the table is guarded only for the principals the
   * perimeter attaches its guard to: anyone else with DynamoDB rights reaches it from
   * anywhere, and its policy can be changed from outside. A table has one resource policy:
   * turn this off when the table's owner manages one.
   * @default true
   */
  readonly resourcePolicy?: boolean;
}

/** The app's own table or a named one, as the perimeter's steps take it, read when the perimeter is built. */
export function existingTableSource(
  table: DynamodbTable | IExistingTable,
  options: ExistingTableOptions,
  index: number,
): ExistingTableSource {
  const resourcePolicy = options.resourcePolicy !== false;
  if (table instanceof DynamodbTable) {
    // The table's settings as the app left them: a stream it has is guarded too (checkAppTable
    // refuses one set by a reference, which cannot be known here).
    const stream = table.streamEnabledInput === true;
    const name = table.nameInput;
    return {
      id: `ref:${table.terraformResourceType}.${table.friendlyUniqueId}`,
      tableName: table.name,
      knownName: name !== undefined && !Token.isUnresolved(name) ? name : undefined,
      tableArn: table.arn,
      lookUp: false,
      streamArn: stream ? table.streamArn : undefined,
      streamViewType: stream ? (table.streamViewTypeInput as StreamViewType | undefined) : undefined,
      resourcePolicy,
    };
  }
  const reference = table.tableArn ?? table.tableName;
  const literal = !Token.isUnresolved(table.tableName);
  const id = literal ? table.tableName : constructIdOf(reference, () => index + 1);
  return {
    id,
    tableName: table.tableName,
    knownName: literal ? table.tableName : undefined,
    tableArn: table.tableArn,
    lookUp: true,
    resourcePolicy,
  };
}

/**
 * What the perimeter cannot guard of the app's table, as the app left it: a stream turned on
 * by a reference (its stream policy could not be decided), or replicas of its own (their
 * regions have no endpoint or resource policy of the perimeter's).
 */
export function checkAppTable(problems: Problems, where: string, call: string, table: DynamodbTable | IExistingTable): void {
  if (!(table instanceof DynamodbTable)) return;
  problems.check(() => {
    if (Token.isUnresolved(table.streamEnabledInput))
      fail(where, `${call}.streamEnabled`, "must be true or false, not a reference: the perimeter guards the stream it has", "a reference");
  });
  problems.check(() => {
    const replicas = table.replicaInput;
    if (replicas !== undefined && (Token.isUnresolved(replicas) || (Array.isArray(replicas) && replicas.length > 0)))
      fail(
        where,
        `${call}.replica`,
        "must be empty: the perimeter guards the table in its own region only; make it a perimeter table and use addReplica",
        Array.isArray(replicas) ? `${replicas.length} replica(s)` : "a reference",
      );
  });
}
