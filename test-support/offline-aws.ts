import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";

/**
 * A loopback stand-in for the few AWS read APIs `terraform plan` calls for
 * this project's data sources (and for the resources an import example
 * adopts). The real provider is pointed at it through `AWS_ENDPOINT_URL`,
 * so a plan never leaves the machine. Any call it does not know is
 * answered with an error and recorded, so an unexpected API call fails the
 * gate loudly instead of reaching for the internet.
 */

export const FAKE_ACCOUNT_ID = "123456789012";
/** The role GetCallerIdentity reports until a test says otherwise. */
const FIRST_CALLER = "deployer";
const sessionArn = (role: string) => `arn:aws:sts::${FAKE_ACCOUNT_ID}:assumed-role/${role}/pipeline`;

export interface RecordedCall {
  readonly service: string;
  readonly region: string;
  readonly action: string;
}

/** Extra answers a test registers, keyed by `service:Action`. */
/** An answer of the stand-in: a status (200 unless given), a body and headers. */
export type Answer = { status?: number; body: string; headers?: Record<string, string> };
export type Handler = (params: Record<string, string>, region: string) => Answer | undefined;

/** Who the stand-in's AWS sees calling: a role's session, with the role's tags. */
export interface Caller {
  readonly role: string;
  readonly sessionArn: string;
  readonly roleArn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Decides a call before any handler answers it, as AWS's authorization would: an answer (an
 * access denied error) refuses it, undefined lets it through. Asynchronous, as policy evaluation is.
 */
export type Authorizer = (call: RecordedCall, params: Record<string, string>, caller: Caller) => Promise<Answer | undefined>;

/** A session of sts:AssumeRole: its credentials' access key stands for the role of the account its ARN names. */
export interface AssumedSession {
  readonly accessKeyId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly account: string;
  readonly sessionArn: string;
}

export interface OfflineAws {
  /** Base URL every AWS API call goes to (`AWS_ENDPOINT_URL`). */
  readonly url: string;
  /** Every call received. */
  readonly calls: RecordedCall[];
  /** Calls no handler answered. */
  readonly unexpected: RecordedCall[];
  on(key: string, handler: Handler): void;
  /**
   * Zone letters DescribeAvailabilityZones lists as available in a region
   * from now on, e.g. ["b", "c"] once zone a is no longer offered.
   * @default ["a", "b", "c"] in every region
   */
  setZones(region: string, letters: readonly string[]): void;
  /**
   * The role whose session GetCallerIdentity reports from now on: who runs Terraform.
   * @default "deployer"
   */
  setCaller(role: string, tags?: Readonly<Record<string, string>>): void;
  /** Refuse what AWS's policies would refuse; see Authorizer. */
  setAuthorizer(authorizer: Authorizer | undefined): void;
  /** Every caller ARN GetCallerIdentity has answered with for the pipeline's own credentials, in order. */
  readonly callerArns: string[];
  /** Every role session sts:AssumeRole has handed out, in order. */
  readonly assumed: AssumedSession[];
  close(): Promise<void>;
}

/** An XML answer: the declaration and one root element in the service's namespace. */
export function xml(root: string, ns: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${ns}">${inner}</${root}>`;
}

/** A query-protocol answer (IAM, STS): `<Action>Response` holding `<Action>Result` and the request id. */
export function queryResult(action: string, ns: string, result: string): string {
  return xml(
    `${action}Response`,
    ns,
    `<${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>offline</RequestId></ResponseMetadata>`,
  );
}

const ZONE_LETTERS = ["a", "b", "c"];

/** AZ ids follow the region code and the zone letter: us-east-2b -> use2-az2. */
export function zoneId(zoneName: string): string {
  const region = zoneName.slice(0, -1);
  const [area, direction, number] = [region.split("-")[0], region.split("-").slice(1, -1).join(""), region.split("-").pop()];
  const abbreviation = direction
    .replace(/north/g, "n")
    .replace(/south/g, "s")
    .replace(/east/g, "e")
    .replace(/west/g, "w")
    .replace(/central/g, "c");
  return `${area}${abbreviation}${number}-az${zoneName.charCodeAt(zoneName.length - 1) - 96}`;
}

const BUILT_IN: Record<string, Handler> = {
  // The provider asks for the account at start-up with iam:GetUser first; the deployer is a role session, so IAM
  // refuses as it does for any non-user credentials, and the provider falls back to sts:GetCallerIdentity.
  "iam:GetUser": (params) =>
    params.UserName
      ? undefined
      : {
          status: 400,
          body:
            `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
            `<Message>Must specify userName when calling with non-User credentials</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
        },
};

function describeZones(region: string, letters: readonly string[]): { body: string } {
  return {
    body: xml(
      "DescribeAvailabilityZonesResponse",
      "http://ec2.amazonaws.com/doc/2016-11-15/",
      `<requestId>offline</requestId><availabilityZoneInfo>${letters
        .map(
          (letter) =>
            `<item><zoneName>${region}${letter}</zoneName><zoneState>available</zoneState><regionName>${region}</regionName>` +
            `<zoneId>${zoneId(`${region}${letter}`)}</zoneId><zoneType>availability-zone</zoneType>` +
            `<optInStatus>opt-in-not-required</optInStatus><groupName>${region}</groupName><networkBorderGroup>${region}</networkBorderGroup><messageSet/></item>`,
        )
        .join("")}</availabilityZoneInfo>`,
    ),
  };
}

/** Reads the access key and the signing scope (`<key>/<date>/<region>/<service>/aws4_request`) from the Authorization header. */
function scopeOf(req: IncomingMessage): { accessKeyId: string; region: string; service: string } {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? "");
  return match
    ? { accessKeyId: match[1], region: match[2], service: match[3] }
    : { accessKeyId: "", region: "unknown", service: "unknown" };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/**
 * sts:AssumeRole as STS answers it (STS API Reference, API_AssumeRole): temporary credentials for a role
 * of the account its ARN names, valid an hour. The access key carries the session's number, so later
 * calls signed with it are that session's.
 */
function assumeRole(params: Record<string, string>, sessions: AssumedSession[]): Answer {
  const match = ROLE_ARN.exec(params.RoleArn ?? "");
  if (!match || !params.RoleSessionName) {
    const message = `offline STS cannot assume '${params.RoleArn ?? ""}' as session '${params.RoleSessionName ?? ""}'`;
    return { status: 400, body: errorBody("sts", false, message) };
  }
  const [, account, role] = match;
  const accessKeyId = `ASIA${account}${String(sessions.length).padStart(4, "0")}`;
  const session: AssumedSession = {
    accessKeyId,
    roleArn: params.RoleArn,
    sessionName: params.RoleSessionName,
    externalId: params.ExternalId,
    account,
    sessionArn: `arn:aws:sts::${account}:assumed-role/${role}/${params.RoleSessionName}`,
  };
  sessions.push(session);
  const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    body: queryResult(
      "AssumeRole",
      STS_NS,
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>offline-session-not-a-secret</SecretAccessKey>` +
        `<SessionToken>offline-session-${sessions.length}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROAOFFLINEASSUMED:${params.RoleSessionName}</AssumedRoleId><Arn>${session.sessionArn}</Arn></AssumedRoleUser>`,
    ),
  };
}

/**
 * S3 is a REST API: the action is the method and the path (path-style,
 * `/<bucket>/<key>`), the parameters the query string. Only the calls a
 * `terraform_remote_state` read makes are named: ListObjectsV2 (the S3
 * backend lists workspaces first), GetObject and HeadObject.
 */
function s3Request(req: IncomingMessage): { action: string; params: Record<string, string> } {
  const url = new URL(req.url ?? "/", "http://offline");
  const [, bucket = "", ...rest] = url.pathname.split("/");
  const params: Record<string, string> = { ...Object.fromEntries(url.searchParams), Bucket: decodeURIComponent(bucket) };
  if (typeof req.headers.range === "string") params.Range = req.headers.range;
  if (rest.length) params.Key = rest.map(decodeURIComponent).join("/");
  const action =
    req.method === "GET" && !params.Key && params["list-type"] === "2"
      ? "ListObjectsV2"
      : req.method === "GET" && params.Key
        ? "GetObject"
        : req.method === "HEAD" && params.Key
          ? "HeadObject"
          : `${req.method ?? ""} ${url.pathname}`;
  return { action, params };
}

function errorBody(service: string, json: boolean, message: string): string {
  if (json) return JSON.stringify({ __type: "com.amazonaws.offline#UnexpectedCall", message });
  if (service === "ec2") {
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnexpectedCall</Code><Message>${message}</Message></Error></Errors><RequestID>offline</RequestID></Response>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type><Code>UnexpectedCall</Code><Message>${message}</Message></Error><RequestId>offline</RequestId></ErrorResponse>`;
}

export async function startOfflineAws(): Promise<OfflineAws> {
  const calls: RecordedCall[] = [];
  const unexpected: RecordedCall[] = [];
  const handlers = new Map<string, Handler>(Object.entries(BUILT_IN));
  const zones = new Map<string, readonly string[]>();
  handlers.set("ec2:DescribeAvailabilityZones", (_params, region) => describeZones(region, zones.get(region) ?? ZONE_LETTERS));
  let caller = FIRST_CALLER;
  let callerTags: Readonly<Record<string, string>> = {};
  let authorizer: Authorizer | undefined;
  const callerArns: string[] = [];
  // Release 0.2.0 looked the caller's role up (data.aws_iam_session_context); the upgrade cases plan its output.
  handlers.set("iam:GetRole", (params) =>
    params.RoleName === caller
      ? {
          body: queryResult(
            "GetRole",
            "https://iam.amazonaws.com/doc/2010-05-08/",
            `<Role><Path>/</Path><RoleName>${caller}</RoleName><RoleId>AROAOFFLINECALLER</RoleId><Arn>arn:aws:iam::${FAKE_ACCOUNT_ID}:role/${caller}</Arn>` +
              `<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></Role>`,
          ),
        }
      : undefined,
  );
  const assumed: AssumedSession[] = [];
  handlers.set("sts:AssumeRole", (params) => assumeRole(params, assumed));

  /** Who signed a call: an assumed role's session by its access key, otherwise the pipeline's caller. */
  const callerOf = (accessKeyId: string): Caller & { account: string; assumed: boolean } => {
    const session = assumed.find((s) => s.accessKeyId === accessKeyId);
    if (session) {
      const role = session.roleArn.split("/").pop()!;
      return { role, sessionArn: session.sessionArn, roleArn: session.roleArn, tags: {}, account: session.account, assumed: true };
    }
    const roleArn = `arn:aws:iam::${FAKE_ACCOUNT_ID}:role/${caller}`;
    return { role: caller, sessionArn: sessionArn(caller), roleArn, tags: callerTags, account: FAKE_ACCOUNT_ID, assumed: false };
  };
  const callerIdentity = (who: Caller & { account: string; assumed: boolean }): Answer => {
    if (!who.assumed) callerArns.push(who.sessionArn);
    const result = `<Arn>${who.sessionArn}</Arn><UserId>AROAOFFLINECALLER:pipeline</UserId><Account>${who.account}</Account>`;
    return { body: queryResult("GetCallerIdentity", STS_NS, result) };
  };
  const answerCall = async (call: RecordedCall, params: Record<string, string>, accessKeyId: string): Promise<Answer | undefined> => {
    const who = callerOf(accessKeyId);
    const refused = authorizer ? await authorizer(call, params, who) : undefined;
    if (refused) return refused;
    if (call.service === "sts" && call.action === "GetCallerIdentity") return callerIdentity(who);
    return handlers.get(`${call.service}:${call.action}`)?.(params, call.region);
  };
  const respond = (res: ServerResponse, answer: Answer | undefined, call: RecordedCall, json: boolean): void => {
    if (!answer) {
      unexpected.push(call);
      res.writeHead(400, { "content-type": json ? "application/x-amz-json-1.0" : "text/xml" });
      res.end(errorBody(call.service, json, `offline AWS has no answer for ${call.service}:${call.action}`));
      return;
    }
    res.writeHead(answer.status ?? 200, {
      "content-type": json ? "application/x-amz-json-1.0" : call.service === "s3" ? "application/xml" : "text/xml",
      ...answer.headers,
    });
    res.end(answer.body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const { accessKeyId, region, service } = scopeOf(req);
      const target = req.headers["x-amz-target"];
      const json = typeof target === "string";
      let params: Record<string, string>;
      let action: string;
      if (json) {
        action = String(target).split(".").pop() ?? "";
        params = body ? (JSON.parse(body) as Record<string, string>) : {};
      } else if (service === "s3") {
        ({ action, params } = s3Request(req));
      } else {
        params = Object.fromEntries(new URLSearchParams(body));
        action = params.Action ?? "";
      }
      const call = { service, region, action };
      calls.push(call);
      void answerCall(call, params, accessKeyId).then((answer) => respond(res, answer, call, json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unexpected,
    on: (key, handler) => handlers.set(key, handler),
    setZones: (region, letters) => zones.set(region, [...letters]),
    setCaller: (role, tags = {}) => {
      caller = role;
      callerTags = tags;
    },
    setAuthorizer: (a) => (authorizer = a),
    callerArns,
    assumed,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
