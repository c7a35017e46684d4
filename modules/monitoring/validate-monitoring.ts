import { Problems, fail, isUnresolved } from "../private/validation";
import { checkPrincipalArns } from "../isolation/validate-resource-policy";
import { literalRegion } from "../isolation/provider-regions";
import { ResolvedIsolation } from "../isolation/resolve";
import { MonitoringOptions } from "./monitoring-options";

const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9_.-]{3,128}$/;

/** Longest suffix a rule's name gets after the perimeter's name; EventBridge allows 64 characters. */
const LONGEST_RULE_SUFFIX = "-endpoints-loosened";

/** What the monitoring props must be, with the perimeter's name and regions. */
export function validateMonitoring(problems: Problems, where: string, options: MonitoringOptions, resolved: ResolvedIsolation): void {
  const regions = resolved.regions.map((r) => r.region);
  problems.check(() => {
    const name = resolved.perimeterName;
    if (name.length + LONGEST_RULE_SUFFIX.length > 64)
      fail(
        where,
        "perimeter.name",
        `must be at most ${64 - LONGEST_RULE_SUFFIX.length} characters with monitoring: it names the EventBridge rules (64 at most)`,
        name,
      );
  });
  problems.check(() => {
    const arn = options.trailArn;
    if (arn !== undefined && !isUnresolved(arn) && !TRAIL_ARN.test(arn))
      fail(
        where,
        "monitoring.trailArn",
        "must be a CloudTrail trail ARN such as 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail'",
        arn,
      );
  });
  problems.check(() => {
    if (options.createTrail === true && options.trailArn !== undefined)
      fail(
        where,
        "monitoring.createTrail",
        "must not be set with monitoring.trailArn: declare the trail the account has, or create one",
        true,
      );
  });
  checkPrincipalArns(problems, where, "monitoring.quietPrincipalArns", options.quietPrincipalArns ?? [], "role/deployer");
  problems.check(() => {
    if (regions.includes("us-east-1")) return;
    const provider = options.iamEventsProvider;
    if (provider === undefined)
      fail(
        where,
        "monitoring.iamEventsProvider",
        "is required: IAM's events arrive in us-east-1, where the guard's rule must be",
        undefined,
      );
    const region = literalRegion(provider);
    if (region !== undefined && region !== "us-east-1")
      fail(where, "monitoring.iamEventsProvider", "must be a provider for us-east-1, where IAM's events arrive", region);
  });
}
