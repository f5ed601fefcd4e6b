#!/usr/bin/env bash
# JMESPath queries below use backquoted literals inside single quotes.
# shellcheck disable=SC2016
# Emulated-AWS test: the README's AWS commands against moto on 127.0.0.1,
# with a local OCI registry (Debian's docker-registry) standing in for ECR's
# registry endpoint.
#
#   1. start the registry and moto (tests/aws/moto_server.py, which names the
#      registry in ECR repository URIs) on free ports, create the state bucket;
#   2. `make create-all ENV=test`: ECR repository, image build whose Packer
#      push post-processors push to the registry, base stack, wordpress stack;
#   3. check the resources with the AWS CLI, and that the task definition names
#      the image the registry holds (tag list, manifest digest, config digest);
#   4. a second plan of both stacks must show no changes (-detailed-exitcode 0);
#   5. a second tag (the built image, retagged and pushed): only the task
#      definition and the service change; `make wordpress` must fail with one
#      line when ECS rolls the deployment back (moto made to answer so, in both
#      shapes DescribeServices has), and succeed once the deployment completes;
#   6. `make plan ENV=test` shows no changes; `make destroy ENV=test
#      AUTO_APPROVE=1` leaves nothing in moto.
#
# moto's gaps are worked around in the test wiring only: tests/aws/moto_server.py
# fixes answers moto gets wrong, and any *_override.tf under tests/aws/overrides/
# is copied into a temporary copy of infra/ the stacks run from
# (tests/aws/README.md lists every gap). The modules themselves are not changed.
#
# Ends with "test-aws: N passed, M failed". KEEP=1 keeps the work directory
# (build/test-aws) for a look afterwards; moto and the registry are always
# stopped, and the image tags the test made are removed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
_wpecs_t0="$(date +%s)"
export _wpecs_t0
step() { printf '==> [%4ss] %s\n' "$(($(date +%s) - _wpecs_t0))" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

WPECS_CACHE="${WPECS_CACHE:-$HOME/.cache/wordpress-ecs}"
TOFU="${TOFU:-$WPECS_CACHE/tofu/1.10.10/tofu}"
PYTHON="${PYTHON:-$WPECS_CACHE/venv/bin/python}"
AWS_CLI="${AWS_CLI:-/usr/bin/aws}"
REGISTRY="${REGISTRY:-/usr/bin/docker-registry}"
IMAGE="${IMAGE:-wordpress-ecs}"
# The two image tags the test deploys: the first is built (make create-all),
# the second is the same image retagged and pushed (no second build).
tag1="aws-e2e-1" tag2="aws-e2e-2"
export TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE:-$WPECS_CACHE/tofurc}"

[[ -x "$TOFU" ]] || die "OpenTofu not found at $TOFU (make infra-tools)"
[[ -f "$TF_CLI_CONFIG_FILE" ]] || die "no CLI config with the provider mirror at $TF_CLI_CONFIG_FILE (make infra-tools)"
if ! [[ -x "$PYTHON" ]] || ! "$PYTHON" -c 'import moto.server' 2>/dev/null; then
  die "moto is not installed in $PYTHON's environment (make deps)"
fi
[[ -x "$AWS_CLI" ]] || die "AWS CLI not found at $AWS_CLI (set AWS_CLI)"
command -v jq >/dev/null || die "jq is missing"
[[ -x "$REGISTRY" ]] || die "the OCI registry is missing at $REGISTRY (make deps: Debian's docker-registry)"
"$root/tools/docker-up.sh"

work="$root/build/test-aws"
rm -rf "$work"
mkdir -p "$work"

# --- results -----------------------------------------------------------------
passed=0 failed=0
ok() { passed=$((passed + 1)); printf '  ok   %s\n' "$1" >&2; }
bad() { failed=$((failed + 1)); printf '  FAIL %s: %s\n' "$1" "$2" >&2; }
# jcheck "what" JSON 'jq expression that must be true'
jcheck() {
  if jq -e "$3" >/dev/null 2>&1 <<<"$2"; then ok "$1"; else bad "$1" "jq '$3' is not true for: $(jq -c . <<<"$2" 2>/dev/null | head -c 800 || head -c 800 <<<"$2")"; fi
}
# same "what" actual expected
same() { if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }

# --- registry and moto -----------------------------------------------------------
moto_pid="" registry_pid="" registry="" made_tags=()
stop() { # what pid
  if [[ -n "$2" ]] && kill -0 "$2" 2>/dev/null; then
    kill "$2" 2>/dev/null || true
    wait "$2" 2>/dev/null || true
    step "$1 (pid $2) stopped"
  fi
}
cleanup() {
  local rc=$?
  stop moto "$moto_pid"
  stop registry "$registry_pid"
  # Only the tags this test made (the built image's, and every name on this
  # run's registry port); layers other images share stay.
  if [[ -n "${registry:-}" ]]; then
    mapfile -t -O "${#made_tags[@]}" made_tags < <(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -F "$registry/" || true)
  fi
  if ((${#made_tags[@]})); then
    docker image rm "${made_tags[@]}" >/dev/null 2>&1 || true
  fi
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$work/infra" "$work/tofu" "$work/registry-data"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # what url pid log
  local deadline=$(($(date +%s) + 60))
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { tail -n 20 "$4" >&2; die "$1 exited at start"; }
    (($(date +%s) < deadline)) || die "$1 did not answer on $2 within 60 s"
    sleep 0.5
  done
}

# The registry: plain HTTP on loopback, which Docker pushes to without TLS.
rport="$(free_port)"
registry="127.0.0.1:$rport"
cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: $registry
EOF
step "starting the OCI registry on $registry"
"$REGISTRY" serve "$work/registry.yml" >"$work/registry.log" 2>&1 </dev/null &
registry_pid=$!
wait_http registry "http://$registry/v2/" "$registry_pid" "$work/registry.log"

port="$(free_port)"
endpoint="http://127.0.0.1:$port"
mkdir -p "$work/moto-control"
step "starting moto on $endpoint"
# AWS managed policies (AmazonSSMManagedInstanceCore, ...) exist only on request.
# ACM certificates validated by DNS are issued at once, not after 60 s.
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_ACM_VALIDATION_WAIT=0 WPECS_MOTO_ECR_REGISTRY="$registry" \
  WPECS_MOTO_CONTROL_DIR="$work/moto-control" \
  "$PYTHON" "$here/moto_server.py" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 </dev/null &
moto_pid=$!
wait_http moto "$endpoint/moto-api/" "$moto_pid" "$work/moto.log"
# How the emulator answers the next ECS deployments (moto_server.py).
deployment_outcome() { printf '%s\n' "$1" >"$work/moto-control/ecs-deployment-outcome"; }
"$PYTHON" -c 'import moto; print("moto", moto.__version__)' >&2

# Credentials and endpoint for everything below: the provider, the S3 backend
# and the CLI all talk to moto only.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="$endpoint"
# Few retries: moto answers at once or never.
export AWS_MAX_ATTEMPTS=3 AWS_RETRY_MODE=standard
unset AWS_PROFILE
aws() { "$AWS_CLI" --endpoint-url "$endpoint" --region "$AWS_REGION" --output json "$@"; }

export TF_STATE_BUCKET="wpecs-test-tfstate"
aws s3api create-bucket --bucket "$TF_STATE_BUCKET" >/dev/null

# --- the stacks, from a copy with the test-only overrides ----------------------
mkdir -p "$work/infra"
cp -r "$root/infra/modules" "$root/infra/stacks" "$root/infra/envs" "$work/infra/"
find "$work/infra" \( -name .terraform -o -name .terraform.lock.hcl -o -name '*.tfstate*' \) -prune -exec rm -rf {} +
if [[ -d "$here/overrides" ]]; then
  cp -r "$here/overrides/." "$work/infra/"
  step "test-only override files: $(cd "$here/overrides" && find . -name '*.tf' | sed 's|^\./||' | tr '\n' ' ')"
fi

cat >"$work/backend-moto.hcl" <<EOF
endpoints                   = { s3 = "$endpoint" }
use_path_style              = true
skip_credentials_validation = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
skip_region_validation      = true
EOF
# The Route 53 zone the mail identity's records go into exists before the
# stacks, as a real one would (the test tfvars holds a placeholder ID).
mail_zone_id="$(aws route53 create-hosted-zone --name wpecs-test.example --caller-reference "wpecs-test-$$" \
  --query 'HostedZone.Id' --output text)"
mail_zone_id="${mail_zone_id##*/}"
printf 'state_endpoint = "%s"\nmail_route53_zone_id = "%s"\n' "$endpoint" "$mail_zone_id" >"$work/moto.tfvars"

# --- edge: the domain's hosted zone ---------------------------------------------
# envs/test has HTTPS for www.example.com (CloudFront needs it) with a
# placeholder zone ID: the zone is created here, as its owner would have it,
# and its ID passed with the other emulator settings (the wordpress stack
# ignores it with a warning).
zone_id="$(aws route53 create-hosted-zone --name example.com --caller-reference "wpecs-test-edge-$$" --query HostedZone.Id --output text)"
zone_id="${zone_id##*/}"
printf 'route53_zone_id = "%s"\n' "$zone_id" >>"$work/moto.tfvars"
# The base stack reads the cache rules (contract C7) from local/lb/cache-rules.
mkdir -p "$work/local/lb" && cp -r "$root/local/lb/cache-rules" "$work/local/lb/"

export TOFU AWS_CLI
export INFRA_DIR="$work/infra" TF_DATA_ROOT="$work/tofu"
# Deployments finish at once in the emulator: look every second.
export DEPLOY_POLL=1 DEPLOY_TIMEOUT=120
export TF_BACKEND_CONFIG_EXTRA="$work/backend-moto.hcl" TF_VAR_FILE_EXTRA="$work/moto.tfvars"
stacks() { ENV=test AUTO_APPROVE=1 "$root/infra/stacks/run.sh" "$@"; }
# The README's commands, as a user types them (AUTO_APPROVE=1 answers the
# question apply asks).
umake() { make -C "$root" --no-print-directory "$@"; }

added() { sed -n 's/.*Apply complete! Resources: \([0-9]*\) added.*/\1/p' "$1" | awk '{ n += $1 } END { print n + 0 }'; }

# Bad wait settings are refused before anything is initialised or applied.
rc=0
out_bad="$(DEPLOY_POLL=0 VERSION=$tag1 stacks apply wordpress 2>&1)" || rc=$?
if ((rc != 0)) && [[ "$(grep -c '^error: ' <<<"$out_bad")" == 1 && "$out_bad" == *"DEPLOY_POLL='0'"* && ! -e "$work/tofu/test/wordpress" ]]; then
  ok "DEPLOY_POLL=0 refused in one line before any tofu command"
else
  bad "DEPLOY_POLL=0 refused in one line before any tofu command" "exit $rc: ${out_bad//$'\n'/ | }"
fi

# --- 1. make create-all -------------------------------------------------------------
step "make create-all ENV=test VERSION=$tag1 (log: $work/create-all.log)"
t=$(date +%s)
made_tags+=("$IMAGE:$tag1")
umake create-all ENV=test VERSION="$tag1" AUTO_APPROVE=1 >"$work/create-all.log" 2>&1 ||
  { tail -n 60 "$work/create-all.log" >&2; die "make create-all failed (log: $work/create-all.log)"; }
create_s=$(($(date +%s) - t))
created="$(added "$work/create-all.log")"
step "make create-all: $created resources in ${create_s}s (image build included)"
same "create-all applied three times (registry, base, wordpress)" "$(grep -c 'Apply complete!' "$work/create-all.log" || true)" 3

# Outputs of both stacks, read once (each run.sh call initialises the stack).
declare -A outputs
outputs[base]="$(stacks tofu base output -json 2>/dev/null)"
outputs[wordpress]="$(stacks tofu wordpress output -json 2>/dev/null)"
out() { jq -r --arg k "$2" '.[$k].value' <<<"${outputs[$1]}"; }
outj() { jq -c --arg k "$2" '.[$k].value' <<<"${outputs[$1]}"; }
name="$(out base name)"
same "base stack names resources wpecs-test" "$name" "wpecs-test"

# --- 2. what exists -------------------------------------------------------------------
step "checking the resources with the AWS CLI"
vpc_id="$(out base vpc_id)"
j="$(aws ec2 describe-vpcs --vpc-ids "$vpc_id")"
jcheck "VPC $vpc_id 10.0.0.0/16 tagged Project/Environment/ManagedBy" "$j" \
  '.Vpcs[0].CidrBlock == "10.0.0.0/16" and ([.Vpcs[0].Tags[] | select(.Key == "Environment" and .Value == "test")] | length == 1) and ([.Vpcs[0].Tags[] | select(.Key == "ManagedBy")] | length == 1)'

j="$(aws ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc_id")"
jcheck "six subnets in three AZs" "$j" '(.Subnets | length == 6) and ([.Subnets[].AvailabilityZone] | unique | length == 3)'
public_subnets="$(outj base public_subnet_ids)" private_subnets="$(outj base private_subnet_ids)"
jcheck "three public and three private subnets, each set over the three AZs" \
  "$(jq --argjson pub "$public_subnets" --argjson priv "$private_subnets" '[.Subnets[] | {id: .SubnetId, az: .AvailabilityZone}] as $s | {pub: [$s[] | select(.id as $i | $pub | index($i)) | .az] | unique | length, priv: [$s[] | select(.id as $i | $priv | index($i)) | .az] | unique | length, n: ($pub + $priv | unique | length)}' <<<"$j")" \
  '. == {pub: 3, priv: 3, n: 6}'
j="$(aws ec2 describe-route-tables --filters "Name=vpc-id,Values=$vpc_id")"
jcheck "public subnets route 0.0.0.0/0 to the internet gateway, private ones to a NAT gateway in their AZ" \
  "$(jq --argjson pub "$public_subnets" --argjson priv "$private_subnets" '[.RouteTables[] | {subnets: [.Associations[]?.SubnetId // empty], gw: ([.Routes[] | select(.DestinationCidrBlock == "0.0.0.0/0") | (.GatewayId // .NatGatewayId)] | first)}] as $rt | {pub: [$pub[] as $s | $rt[] | select(.subnets | index($s)) | .gw | startswith("igw-")] | all, priv: [$priv[] as $s | $rt[] | select(.subnets | index($s)) | .gw | startswith("nat-")] | all, privn: [$priv[] as $s | $rt[] | select(.subnets | index($s)) | .gw] | unique | length}' <<<"$j")" \
  '. == {pub: true, priv: true, privn: 3}'

j="$(aws ec2 describe-nat-gateways --filter "Name=vpc-id,Values=$vpc_id" "Name=state,Values=available")"
jcheck "one NAT gateway per AZ (3), each in a public subnet" "$(jq --argjson pub "$public_subnets" '{n: (.NatGateways | length), inpub: ([.NatGateways[].SubnetId as $s | $pub | index($s) != null] | all), distinct: ([.NatGateways[].SubnetId] | unique | length)}' <<<"$j")" \
  '. == {n: 3, inpub: true, distinct: 3}'

j="$(aws elbv2 describe-load-balancers --names "$name")"
jcheck "ALB: internet-facing application load balancer in the 3 public subnets" \
  "$(jq --argjson pub "$public_subnets" '.LoadBalancers[0] | {type: .Type, scheme: .Scheme, subnets: ([.AvailabilityZones[].SubnetId] | sort == ($pub | sort))}' <<<"$j")" \
  '. == {type: "application", scheme: "internet-facing", subnets: true}'
alb_arn="$(jq -r '.LoadBalancers[0].LoadBalancerArn' <<<"$j")"
tg_arn="$(out base target_group_arn)"
j="$(aws elbv2 describe-target-groups --target-group-arns "$tg_arn")"
jcheck "target group: health check GET /healthz or below it, 200, instance targets (bridge mode)" "$j" \
  '(.TargetGroups[0].HealthCheckPath | test("^/healthz(/|$)")) and .TargetGroups[0].Matcher.HttpCode == "200" and .TargetGroups[0].TargetType == "instance"'
j="$(aws elbv2 describe-target-group-attributes --target-group-arn "$tg_arn")"
# The base stack's lb_deregistration_delay output, where it has one, is the
# value; without it, the short delay the stack has always set.
dereg="$(out base lb_deregistration_delay)"
jcheck "target group: deregistration delay ${dereg/#null/<= 30} s" "$j" \
  "[.Attributes[] | select(.Key == \"deregistration_delay.timeout_seconds\") | .Value | tonumber] | .[0] as \$d | if \"$dereg\" == \"null\" then \$d <= 30 else \$d == (\"$dereg\" | tonumber) end"
j="$(aws elbv2 describe-listeners --load-balancer-arn "$alb_arn")"
jcheck "HTTP listener on port 80 redirecting to HTTPS" "$(jq '[.Listeners[] | select(.Port == 80 and .Protocol == "HTTP" and .DefaultActions[0].Type == "redirect" and .DefaultActions[0].RedirectConfig.Port == "443")] | length == 1' <<<"$j")" '. == true'

# --- edge ---------------------------------------------------------------------------
# CloudFront in front (cdn_enabled): the HTTPS listener answers 403 unless the
# secret origin header is there, the load balancer admits only CloudFront's
# prefix list, the cache bypasses the C7 paths; WAF on CloudFront.
https_l="$(jq -r '.Listeners[] | select(.Port == 443) | .ListenerArn' <<<"$j")"
jcheck "HTTPS listener: 403 by default" "$(jq '[.Listeners[] | select(.Port == 443 and .Protocol == "HTTPS" and .DefaultActions[0].Type == "fixed-response" and .DefaultActions[0].FixedResponseConfig.StatusCode == "403")] | length == 1' <<<"$j")" '. == true'
j="$(aws elbv2 describe-rules --listener-arn "$https_l")"
jcheck "HTTPS listener: forwards only with the X-Origin-Verify header" "$(jq --arg tg "$tg_arn" '[.Rules[] | select(.Actions[0].Type == "forward" and .Actions[0].TargetGroupArn == $tg and ([.Conditions[] | select(.Field == "http-header" and .HttpHeaderConfig.HttpHeaderName == "X-Origin-Verify")] | length == 1))] | length == 1' <<<"$j")" '. == true'
alb_sg="$(aws elbv2 describe-load-balancers --load-balancer-arns "$alb_arn" --query 'LoadBalancers[0].SecurityGroups[0]' --output text)"
j="$(aws ec2 describe-security-group-rules --filters "Name=group-id,Values=$alb_sg")"
pl="$(aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --query 'PrefixLists[0].PrefixListId' --output text)"
jcheck "load balancer security group admits only CloudFront's prefix list, on 443" "$(jq --arg pl "$pl" '[.SecurityGroupRules[] | select(.IsEgress == false)] | (length == 1) and (.[0].PrefixListId == $pl) and (.[0].FromPort == 443)' <<<"$j")" '. == true'
j="$(aws cloudfront get-distribution --id "$(out base cdn_distribution_id)")"
bypass="$(jq -R . "$root/local/lb/cache-rules/bypass-path-prefixes.lst" | jq -sc '[.[] | select(length > 0) | . + "*"]')"
jcheck "CloudFront: www.example.com, HTTPS to origin.www.example.com with the origin header" "$j" \
  '.Distribution.DistributionConfig | (.Aliases.Items == ["www.example.com"]) and (.Origins.Items[0].DomainName == "origin.www.example.com") and (.Origins.Items[0].CustomOriginConfig.OriginProtocolPolicy == "https-only") and ([.Origins.Items[0].CustomHeaders.Items[].HeaderName] == ["X-Origin-Verify"])'
jcheck "CloudFront: every C7 bypass path uncached (CachingDisabled)" "$(jq --argjson b "$bypass" '[.Distribution.DistributionConfig.CacheBehaviors.Items[] | select(.CachePolicyId == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad") | .PathPattern] == $b' <<<"$j")" '. == true'
jcheck "CloudFront: the web ACL of the base stack" "$(jq --arg acl "$(out base web_acl_arn)" '.Distribution.DistributionConfig.WebACLId == $acl' <<<"$j")" '. == true'
j="$(aws wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1)"
jcheck "WAF: one CLOUDFRONT web ACL in us-east-1" "$j" '[.WebACLs[] | select(.Name == "wpecs-test-cloudfront")] | length == 1'
acl_id="$(jq -r '.WebACLs[] | select(.Name == "wpecs-test-cloudfront") | .Id' <<<"$j")"
j="$(aws wafv2 get-web-acl --scope CLOUDFRONT --region us-east-1 --name wpecs-test-cloudfront --id "$acl_id")"
jcheck "WAF: the four managed groups, then the login rate limit" "$j" \
  '[.WebACL.Rules | sort_by(.Priority)[] | .Name] == ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesPHPRuleSet", "AWSManagedRulesWordPressRuleSet", "login-rate-limit"]'

# --- exec ---------------------------------------------------------------------------
# ECS Exec (exec_enabled): the cluster's sessions encrypted and logged to an
# encrypted log group.
j="$(aws ecs describe-clusters --clusters "$(out base cluster_name)" --include CONFIGURATIONS)"
jcheck "ECS Exec: sessions logged (OVERRIDE) to an encrypted log group, KMS key set" "$(jq --arg lg "$(out base exec_log_group_name)" --arg k "$(out base exec_kms_key_arn)" '.clusters[0].configuration.executeCommandConfiguration | (.logging == "OVERRIDE") and (.kmsKeyId == $k) and (.logConfiguration.cloudWatchEncryptionEnabled == true) and (.logConfiguration.cloudWatchLogGroupName == $lg)' <<<"$j")" '. == true'
j="$(aws logs describe-log-groups --log-group-name-prefix "$(out base exec_log_group_name)")"
jcheck "ECS Exec: the session log group is encrypted with the exec key" "$(jq --arg k "$(out base exec_kms_key_arn)" '.logGroups[0].kmsKeyId == $k' <<<"$j")" '. == true'

cluster="$(out base cluster_name)"
cp_name="$(out base capacity_provider_name)"
j="$(aws ecs describe-clusters --clusters "$cluster")"
jcheck "ECS cluster ACTIVE, capacity provider attached" "$(jq --arg cp "$cp_name" '.clusters[0] | (.status == "ACTIVE") and ((.capacityProviders // []) | index($cp) != null)' <<<"$j")" '. == true'
j="$(aws ecs describe-capacity-providers --capacity-providers "$cp_name")"
jcheck "capacity provider: managed scaling and managed termination protection on" "$j" \
  '.capacityProviders[0].autoScalingGroupProvider.managedScaling.status == "ENABLED" and .capacityProviders[0].autoScalingGroupProvider.managedTerminationProtection == "ENABLED"'
asg="$(jq -r '.capacityProviders[0].autoScalingGroupProvider.autoScalingGroupArn' <<<"$j")"
j="$(aws autoscaling describe-auto-scaling-groups)"
jcheck "Auto Scaling group across the 3 private subnets, scale-in protection on" "$(jq --arg arn "$asg" '[.AutoScalingGroups[] | select(.AutoScalingGroupARN == $arn)]' <<<"$j")" \
  'length == 1 and (.[0].VPCZoneIdentifier | split(",") | length == 3) and .[0].NewInstancesProtectedFromScaleIn == true'
lt_id="$(jq -r --arg arn "$asg" '.AutoScalingGroups[] | select(.AutoScalingGroupARN == $arn) | .LaunchTemplate.LaunchTemplateId // .MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId' <<<"$j")"
j="$(aws ec2 describe-launch-template-versions --launch-template-id "$lt_id" --versions '$Latest')"
jcheck "launch template: IMDSv2 required, no SSH key" "$j" \
  '.LaunchTemplateVersions[0].LaunchTemplateData.MetadataOptions.HttpTokens == "required" and (.LaunchTemplateVersions[0].LaunchTemplateData.KeyName == null)'

service="$(out wordpress service_name)"
j="$(aws ecs describe-services --cluster "$cluster" --services "$service")"
jcheck "service: ACTIVE, 2 tasks wanted, on the capacity provider" "$(jq --arg cp "$cp_name" '.services[0] | .status == "ACTIVE" and .desiredCount == 2 and (.capacityProviderStrategy[0].capacityProvider == $cp)' <<<"$j")" '. == true'
jcheck "service: min 100 %, max 200 %, circuit breaker with rollback" "$j" \
  '.services[0].deploymentConfiguration | .minimumHealthyPercent == 100 and .maximumPercent == 200 and .deploymentCircuitBreaker.enable and .deploymentCircuitBreaker.rollback'
jcheck "service: registered in the target group on container port 80" "$(jq --arg tg "$tg_arn" '.services[0].loadBalancers[0] | .targetGroupArn == $tg and .containerName == "wordpress" and .containerPort == 80' <<<"$j")" '. == true'
jcheck "service: spread over AZs then instances, ECS Exec on, grace 120 s" "$j" \
  '.services[0] | ([.placementStrategy[] | .field] == ["attribute:ecs.availability-zone", "instanceId"]) and .enableExecuteCommand and .healthCheckGracePeriodSeconds == 120'
td_arn="$(jq -r '.services[0].taskDefinition' <<<"$j")"
same "service runs the stack's task definition" "$td_arn" "$(out wordpress task_definition_arn)"

secret_arn="$(out base db_secret_arn)"
repo_url="$(out base repository_url)"
j="$(aws ecs describe-task-definition --task-definition "$td_arn")"
c='.taskDefinition.containerDefinitions[0]'
jcheck "task definition: EC2, bridge, dynamic host port" "$j" \
  ".taskDefinition.networkMode == \"bridge\" and (.taskDefinition.requiresCompatibilities == [\"EC2\"]) and $c.portMappings[0].containerPort == 80 and $c.portMappings[0].hostPort == 0"
jcheck "task definition: image is <repository>:$tag1" "$(jq --arg img "$repo_url:$tag1" "$c.image == \$img" <<<"$j")" '. == true'
# The secrets the task definition references, as secret ARNs (valueFrom may
# add :json-key:version-stage:version-id).
td_secrets="$(jq -c "[($c.secrets // [])[].valueFrom | split(\":\") | .[0:7] | join(\":\")] | unique" <<<"$j")"
jcheck "task definition: the database password comes from Secrets Manager (secrets or a secret ARN read at run time)" "$j" \
  "[($c.secrets // [])[] | select(.name | test(\"DB_PASSWORD\")) | .valueFrom | startswith(\"arn:aws:secretsmanager:\")] + [($c.environment // [])[] | select(.name | test(\"DB_.*SECRET\")) | .value | startswith(\"arn:aws:secretsmanager:\")] | any"
for sarn in $(jq -r '.[]' <<<"$td_secrets"); do
  jcheck "Secrets Manager: secret ${sarn##*:secret:} the task definition references exists" \
    "$(aws secretsmanager describe-secret --secret-id "$sarn" 2>/dev/null || echo '{}')" ".ARN == \"$sarn\""
done
jcheck "task definition: no password, user, key or salt in the plain environment" "$j" \
  "[$c.environment[].name | select(test(\"PASSWORD|DB_USER|_KEY\$|_SALT\$\"))] | length == 0"
jcheck "task definition: WORDPRESS_DB_HOST is the RDS address:3306" "$(jq --arg h "$(out base db_address):3306" "[$c.environment[] | select(.name == \"WORDPRESS_DB_HOST\") | .value == \$h] | any" <<<"$j")" '. == true'
jcheck "task definition: health check wp-init healthcheck, stopTimeout = WPECS_DRAIN_TIMEOUT + 5 (30 without it), awslogs" "$j" \
  "($c.healthCheck.command == [\"CMD\", \"/usr/local/bin/wp-init\", \"healthcheck\"]) and ([($c.environment // [])[] | select(.name == \"WPECS_DRAIN_TIMEOUT\") | .value | tonumber][0] as \$d | if \$d == null then $c.stopTimeout == 30 else $c.stopTimeout == \$d + 5 end) and $c.logConfiguration.logDriver == \"awslogs\""
jcheck "task definition: EFS at /var/www/shared, transit encryption, IAM through the access point" "$(jq --arg ap "$(out base efs_access_point_id)" "(.taskDefinition.volumes[0].efsVolumeConfiguration | .transitEncryption == \"ENABLED\" and .authorizationConfig.iam == \"ENABLED\" and .authorizationConfig.accessPointId == \$ap) and $c.mountPoints[0].containerPath == \"/var/www/shared\"" <<<"$j")" '. == true'
exec_role="$(jq -r '.taskDefinition.executionRoleArn' <<<"$j")" task_role="$(jq -r '.taskDefinition.taskRoleArn' <<<"$j")"
if [[ "$exec_role" != "$task_role" ]]; then
  ok "execution and task roles are separate"
else
  bad "execution and task roles are separate" "both $exec_role"
fi

j="$(aws iam list-role-policies --role-name "${exec_role##*/}")"
pol="$(aws iam get-role-policy --role-name "${exec_role##*/}" --policy-name "$(jq -r '.PolicyNames[0]' <<<"$j")" --query PolicyDocument)"
jcheck "execution role: GetSecretValue on exactly the secrets the task definition references" "$(jq --argjson s "$td_secrets" '[.Statement[] | select((.Action | tostring) | test("secretsmanager")) | .Resource] | flatten | unique == $s' <<<"$pol")" '. == true'
jcheck "execution role: ECR pull on the repository only" "$(jq --arg r "$(out base repository_arn)" '[.Statement[] | select(.Sid == "EcrPullThisRepository") | .Resource] | flatten == [$r]' <<<"$pol")" '. == true'
j="$(aws iam list-role-policies --role-name "${task_role##*/}")"
pol="$(aws iam get-role-policy --role-name "${task_role##*/}" --policy-name "$(jq -r '.PolicyNames[0]' <<<"$j")" --query PolicyDocument)"
jcheck "task role: EFS mount only through the access point" "$(jq --arg ap "$(out base efs_access_point_arn)" '[.Statement[] | select(.Sid == "MountSharedFilesThroughAccessPoint") | .Condition.StringEquals["elasticfilesystem:AccessPointArn"] == $ap] | any' <<<"$pol")" '. == true'

fs_id="$(out base efs_file_system_id)"
j="$(aws efs describe-file-systems --file-system-id "$fs_id")"
jcheck "EFS: encrypted file system" "$j" '.FileSystems[0].Encrypted == true'
j="$(aws efs describe-mount-targets --file-system-id "$fs_id")"
jcheck "EFS: a mount target in each of the 3 private subnets" "$j" '(.MountTargets | length == 3) and ([.MountTargets[].AvailabilityZoneName] | unique | length == 3)'
j="$(aws efs describe-access-points --file-system-id "$fs_id")"
jcheck "EFS: access point as uid/gid 33 (www-data)" "$j" '.AccessPoints[0].PosixUser.Uid == 33 and .AccessPoints[0].PosixUser.Gid == 33'

j="$(aws rds describe-db-instances --db-instance-identifier "$(out base db_instance_id)")"
jcheck "RDS: mariadb, encrypted, private, Multi-AZ, 7 days of backups" "$j" \
  '.DBInstances[0] | .Engine == "mariadb" and .StorageEncrypted and (.PubliclyAccessible | not) and .MultiAZ and .BackupRetentionPeriod == 7'
# WordPress's own secret (db_secret_arn) is not the master user's, and the
# task definition never references the master secret.
jcheck "RDS: master password managed in Secrets Manager, a secret the tasks never get" \
  "$(jq --arg s "$secret_arn" --argjson td "$td_secrets" '.DBInstances[0].MasterUserSecret.SecretArn as $m | ($m | startswith("arn:aws:secretsmanager:")) and $m != $s and ($td | index($m) == null)' <<<"$j")" '. == true'
db_sg="$(jq -r '.DBInstances[0].VpcSecurityGroups[0].VpcSecurityGroupId' <<<"$j")"
j="$(aws ec2 describe-security-groups --group-ids "$db_sg")"
# Sources: the tasks' security groups (awsvpc) or, in bridge mode (no task
# groups), the instances' one; and the rotation function's.
jcheck "RDS security group: only 3306, no address range, from the instances' security group and at most one other (rotation)" \
  "$(jq --argjson task "$(outj base task_security_group_ids)" '[.SecurityGroups[0].IpPermissions[]] as $p | ([$p[] | .FromPort == 3306 and .ToPort == 3306 and (.IpRanges | length) == 0] | all) and ([$p[].UserIdGroupPairs[].GroupId] | unique) as $src | ($task - $src | length) == 0 and ($src | length) >= 1 and ($src | length) <= (if ($task | length) == 0 then 2 else ($task | length) + 1 end)' <<<"$j")" '. == true'
j="$(aws secretsmanager describe-secret --secret-id "$secret_arn")"
jcheck "Secrets Manager: the database secret exists" "$(jq --arg s "$secret_arn" '.ARN == $s' <<<"$j")" '. == true'

# --- object cache ---
# envs/test turns cache_enabled and cache_multi_az on: an encrypted replication
# group with an AUTH token, reachable from the workload's group only, whose
# endpoint and token the task definition names.
cache_host="$(out base cache_host)" cache_secret="$(out base cache_secret_arn)"
j="$(aws elasticache describe-replication-groups --replication-group-id "$name")"
jcheck "ElastiCache: $name encrypted in transit and at rest, AUTH token, Multi-AZ with automatic failover over 2 nodes" "$j" \
  '.ReplicationGroups[0] | .TransitEncryptionEnabled and .AtRestEncryptionEnabled and .AuthTokenEnabled and .MultiAZ == "enabled" and .AutomaticFailover == "enabled" and (.MemberClusters | length == 2)'
same "ElastiCache: base output cache_host is the primary endpoint" "$cache_host" "$(jq -r '.ReplicationGroups[0].NodeGroups[0].PrimaryEndpoint.Address' <<<"$j")"
j="$(aws elasticache describe-cache-subnet-groups --cache-subnet-group-name "$name-cache")"
jcheck "ElastiCache: subnet group over the 3 private subnets" "$(jq --argjson priv "$private_subnets" '[.CacheSubnetGroups[0].Subnets[].SubnetIdentifier] | sort == ($priv | sort)' <<<"$j")" '. == true'
j="$(aws ec2 describe-security-groups --filters "Name=vpc-id,Values=$vpc_id" "Name=group-name,Values=$name-cache-*")"
# The workload's group: the tasks' (awsvpc) or, in bridge mode, the instances',
# which is also one of the database's sources.
db_sources="$(aws ec2 describe-security-groups --group-ids "$db_sg" | jq -c '[.SecurityGroups[0].IpPermissions[].UserIdGroupPairs[].GroupId] | unique')"
jcheck "ElastiCache security group: only 6379, no address range, from the workload's security group only" \
  "$(jq --argjson task "$(outj base task_security_group_ids)" --argjson db "$db_sources" '(.SecurityGroups | length == 1) and ([.SecurityGroups[0].IpPermissions[]] as $p | ($p | length == 1) and $p[0].FromPort == 6379 and $p[0].ToPort == 6379 and ($p[0].IpRanges | length == 0) and ([$p[0].UserIdGroupPairs[].GroupId] as $src | if ($task | length) == 0 then ($src | length == 1) and ($db | index($src[0]) != null) else $src == $task end))' <<<"$j")" '. == true'
j="$(aws ecs describe-task-definition --task-definition "$td_arn")"
jcheck "task definition: WPECS_REDIS_HOST is the cache's primary endpoint, port 6379, TLS on" \
  "$(jq --arg h "$cache_host" "[$c.environment[] | select(.name | startswith(\"WPECS_REDIS_\"))] | from_entries == {WPECS_REDIS_HOST: \$h, WPECS_REDIS_PORT: \"6379\", WPECS_REDIS_TLS: \"1\"}" <<<"$j")" '. == true'
jcheck "task definition: WPECS_REDIS_PASSWORD from the cache's secret (auth_token), never in the plain environment" \
  "$(jq --arg s "$cache_secret:auth_token::" "[$c.secrets[] | select(.name == \"WPECS_REDIS_PASSWORD\") | .valueFrom] == [\$s]" <<<"$j")" '. == true'
jcheck "Secrets Manager: the cache's token is 64 letters and digits" \
  "$(aws secretsmanager get-secret-value --secret-id "$cache_secret" --query SecretString --output text | jq '.auth_token | test("^[A-Za-z0-9]{64}$")')" '. == true'
# --- end object cache ---

repo_name="$(out base repository_name)"
j="$(aws ecr describe-repositories --repository-names "$repo_name")"
jcheck "ECR: immutable tags, scan on push, KMS encryption" "$j" \
  '.repositories[0] | .imageTagMutability == "IMMUTABLE" and .imageScanningConfiguration.scanOnPush and .encryptionConfiguration.encryptionType == "KMS"'
j="$(aws ecr get-lifecycle-policy --repository-name "$repo_name")"
jcheck "ECR: lifecycle policy expires untagged, keeps the last 5 tagged" "$(jq '.lifecyclePolicyText | fromjson | .rules' <<<"$j")" \
  '(.[0].selection.tagStatus == "untagged") and (.[1].selection.countNumber == 5)'

# The image: what the task definition names is what the registry holds, and
# that is the image the build made.
same "ECR repository URL names the stand-in registry" "${repo_url%%/*}" "$registry"
# image_matches "what" tag: the registry has <repo>:<tag>, its manifest is the
# one Docker recorded for the local image $IMAGE:$tag1 when it pushed, and its
# config is that image's ID.
image_matches() {
  local what="$1" tag="$2" tags manifest digest config local_id repo_digests
  tags="$(curl -fsS "http://$registry/v2/$repo_name/tags/list" || echo '{}')"
  jcheck "$what: registry lists tag $tag" "$tags" "(.tags // []) | index(\"$tag\") != null"
  manifest="$(curl -fsS -D "$work/manifest-$tag.headers" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://$registry/v2/$repo_name/manifests/$tag" || echo '{}')"
  digest="$(tr -d '\r' <"$work/manifest-$tag.headers" | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: *//p')"
  config="$(jq -r '.config.digest // empty' <<<"$manifest")"
  local_id="$(docker image inspect -f '{{.Id}}' "$IMAGE:$tag1" 2>/dev/null || true)"
  repo_digests="$(docker image inspect -f '{{json .RepoDigests}}' "$IMAGE:$tag1" 2>/dev/null || echo '[]')"
  if [[ -n "$digest" && -n "$config" && "$config" == "$local_id" ]]; then
    ok "$what: the registry's $tag is the built image $IMAGE:$tag1 (config $config)"
  else
    bad "$what: the registry's $tag is the built image $IMAGE:$tag1" "manifest digest '$digest', config '$config', local image '$local_id'"
  fi
  jcheck "$what: Docker recorded the pushed manifest digest for $IMAGE:$tag1" "$repo_digests" \
    "index(\"$repo_url@$digest\") != null"
}
image_matches "push by make create-all" "$tag1"

j="$(aws logs describe-log-groups --log-group-name-prefix "/ecs/$name")"
jcheck "CloudWatch Logs: /ecs/$name with 30 days retention" "$(jq --arg n "/ecs/$name" '[.logGroups[] | select(.logGroupName == $n) | .retentionInDays == 30] == [true]' <<<"$j")" '. == true'
j="$(aws application-autoscaling describe-scalable-targets --service-namespace ecs)"
jcheck "autoscaling: service target 2..4" "$(jq --arg r "service/$cluster/$service" '[.ScalableTargets[] | select(.ResourceId == $r) | .MinCapacity == 2 and .MaxCapacity == 4] == [true]' <<<"$j")" '. == true'
j="$(aws application-autoscaling describe-scaling-policies --service-namespace ecs)"
jcheck "autoscaling: CPU target tracking policy" "$j" \
  '[.ScalingPolicies[] | select(.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType == "ECSServiceAverageCPUUtilization")] | length == 1'

# --- mail ---
# SES identity with Easy DKIM and MAIL FROM, its records in the zone created
# above (the "existing" zone, like the state bucket), the SMTP user's single
# permission, its credentials in Secrets Manager, and the service's settings.
mail_domain="wpecs-test.example"
mail="$(outj base mail)"
j="$(aws sesv2 get-email-identity --email-identity "$mail_domain")"
jcheck "SES: domain identity $mail_domain, Easy DKIM 2048-bit, MAIL FROM bounce.$mail_domain" "$j" \
  '.IdentityType == "DOMAIN" and .DkimAttributes.SigningEnabled and .DkimAttributes.NextSigningKeyLength == "RSA_2048_BIT" and (.DkimAttributes.Tokens | length) == 3 and .MailFromAttributes.MailFromDomain == "bounce.wpecs-test.example" and .MailFromAttributes.BehaviorOnMxFailure == "USE_DEFAULT_VALUE"'
tokens="$(jq -c '.DkimAttributes.Tokens // []' <<<"$j")"
j="$(aws route53 list-resource-record-sets --hosted-zone-id "$mail_zone_id")"
jcheck "Route 53: one DKIM CNAME per token, the MAIL FROM domain's MX and SPF" \
  "$(jq --argjson t "$tokens" --arg d "$mail_domain" '[.ResourceRecordSets[] | .Name |= rtrimstr(".")] as $r | {dkim: ([$t[] as $k | $r[] | select(.Type == "CNAME" and .Name == "\($k)._domainkey.\($d)" and .ResourceRecords[0].Value == "\($k).dkim.amazonses.com")] | length), mx: ([$r[] | select(.Type == "MX" and .Name == "bounce.\($d)" and .ResourceRecords[0].Value == "10 feedback-smtp.us-east-1.amazonses.com")] | length), spf: ([$r[] | select(.Type == "TXT" and .Name == "bounce.\($d)" and (.ResourceRecords[0].Value | contains("v=spf1 include:amazonses.com")))] | length)}' <<<"$j")" \
  '. == {dkim: 3, mx: 1, spf: 1}'
j="$(aws iam get-user-policy --user-name "$name-ses-smtp" --policy-name "send-from-$mail_domain" 2>/dev/null || echo '{}')"
jcheck "IAM: the SMTP user may only ses:SendRawEmail from the identity" \
  "$(jq '.PolicyDocument | if type == "string" then fromjson else . end | .Statement' <<<"$j")" \
  '. == [{"Sid": "SendThroughSmtpFromTheDomainOnly", "Effect": "Allow", "Action": "ses:SendRawEmail", "Resource": "arn:aws:ses:us-east-1:123456789012:identity/wpecs-test.example"}]'
j="$(aws iam list-attached-user-policies --user-name "$name-ses-smtp" 2>/dev/null || echo '{}')"
jcheck "IAM: the SMTP user has no managed policy" "$j" '(.AttachedPolicies // [1]) | length == 0'
smtp_key="$(aws iam list-access-keys --user-name "$name-ses-smtp" --query 'AccessKeyMetadata[0].AccessKeyId' --output text 2>/dev/null || true)"
j="$(aws secretsmanager get-secret-value --secret-id "$(jq -r '.secret_arn' <<<"$mail")" --query SecretString --output text 2>/dev/null || echo '{}')"
jcheck "Secrets Manager: the SMTP secret holds the user's access key id and a derived SMTP password" \
  "$(jq --arg k "$smtp_key" '.username == $k and (.password | length) >= 40' <<<"$j" 2>/dev/null || echo false)" '. == true'
j="$(aws ecs describe-task-definition --task-definition "$td_arn")"
jcheck "task definition: wp_mail() through SES SMTP, 587 STARTTLS, from wordpress@$mail_domain" \
  "$(jq '[.taskDefinition.containerDefinitions[0].environment[] | select(.name | startswith("WPECS_SMTP_") or startswith("WPECS_MAIL_"))] | from_entries' <<<"$j")" \
  '. == {"WPECS_MAIL_FROM": "wordpress@wpecs-test.example", "WPECS_SMTP_HOST": "email-smtp.us-east-1.amazonaws.com", "WPECS_SMTP_PORT": "587", "WPECS_SMTP_TLS": "starttls"}'
jcheck "task definition: WPECS_SMTP_USER and WPECS_SMTP_PASSWORD are ECS secrets from the SMTP secret" \
  "$(jq --arg s "$(jq -r '.secret_arn' <<<"$mail")" '[.taskDefinition.containerDefinitions[0].secrets[] | select(.name | startswith("WPECS_SMTP_")) | {key: .name, value: .valueFrom}] | from_entries == {"WPECS_SMTP_PASSWORD": "\($s):password::", "WPECS_SMTP_USER": "\($s):username::"}' <<<"$j")" '. == true'
# --- end mail ---

# --- cron ---
# cron_external (on in envs/test): the replicas set DISABLE_WP_CRON, and an
# EventBridge Scheduler schedule runs `wp-init cron` as a one-off task of its
# own small family every minute, with a role that may do only that.
jcheck "cron: the service's tasks run with WPECS_CRON=external" \
  "$(aws ecs describe-task-definition --task-definition "$td_arn")" \
  '[.taskDefinition.containerDefinitions[0].environment[] | select(.name == "WPECS_CRON") | .value] == ["external"]'
j="$(aws scheduler get-schedule --group-name "$name-cron" --name "$name-cron")"
jcheck "cron: schedule every minute, on time, one task on the cluster, retried within the minute then dead-lettered" \
  "$(jq --arg c "$(out base cluster_arn)" '.ScheduleExpression == "rate(1 minute)" and .FlexibleTimeWindow.Mode == "OFF" and .State == "ENABLED" and .Target.Arn == $c and .Target.EcsParameters.TaskCount == 1 and .Target.RetryPolicy.MaximumEventAgeInSeconds == 60 and (.Target.DeadLetterConfig.Arn | test(":'"$name"'-cron-dlq$"))' <<<"$j")" '. == true'
cron_td="$(jq -r '.Target.EcsParameters.TaskDefinitionArn' <<<"$j")"
same "cron: the schedule starts the stack's cron task definition" "$cron_td" "$(out wordpress cron_task_definition_arn)"
j="$(aws ecs describe-task-definition --task-definition "$cron_td")"
jcheck "cron: task of its own family runs wp-init cron from the same image, 256 CPU / 512 MiB, no port, EFS, logs under cron/" \
  "$(jq --arg img "$repo_url:$tag1" '.taskDefinition | .family == "'"$name"'-cron" and .containerDefinitions[0].command == ["cron"] and .containerDefinitions[0].image == $img and .containerDefinitions[0].cpu == 256 and .containerDefinitions[0].memory == 512 and ((.containerDefinitions[0].portMappings // []) | length == 0) and .volumes[0].efsVolumeConfiguration.transitEncryption == "ENABLED" and .containerDefinitions[0].logConfiguration.options["awslogs-stream-prefix"] == "cron" and .containerDefinitions[0].readonlyRootFilesystem' <<<"$j")" '. == true'
jcheck "cron: no installer password in the cron task" "$j" '[.taskDefinition.containerDefinitions[0].secrets[].name] | index("WORDPRESS_ADMIN_PASSWORD") == null'
cron_role="$(aws scheduler get-schedule --group-name "$name-cron" --name "$name-cron" --query Target.RoleArn --output text)"
j="$(aws iam get-role-policy --role-name "${cron_role##*/}" --policy-name run-cron-task)"
jcheck "cron: the schedule's role may only RunTask the cron family on this cluster, pass the task's roles, dead-letter" \
  "$(jq '.PolicyDocument | (if type == "string" then fromjson else . end) | .Statement | {a: ([.[].Action] | sort), run: ([.[] | select(.Action == "ecs:RunTask") | (.Resource | endswith(":task-definition/'"$name"'-cron:*"))] == [true]), pass: ([.[] | select(.Action == "iam:PassRole") | .Condition.StringEquals["iam:PassedToService"]] == ["ecs-tasks.amazonaws.com"])}' <<<"$j")" \
  '. == {a: ["ecs:RunTask", "iam:PassRole", "sqs:SendMessage"], run: true, pass: true}'
j="$(aws sqs get-queue-attributes --queue-url "$(aws sqs get-queue-url --queue-name "$name-cron-dlq" --query QueueUrl --output text)" --attribute-names SqsManagedSseEnabled)"
jcheck "cron: dead-letter queue encrypted" "$j" '.Attributes.SqsManagedSseEnabled == "true"'

# --- operations: alarms, backups, restore ---------------------------------------------
topic="$(out base alarm_topic_arn)"
j="$(aws sns get-topic-attributes --topic-arn "$topic")"
jcheck "alarms: SNS topic $name-alarms encrypted with a KMS key of its own (not aws/sns)" "$j" \
  '(.Attributes.KmsMasterKeyId // "") | startswith("arn:aws:kms:")'
key_state="$(aws kms describe-key --key-id "$(jq -r .Attributes.KmsMasterKeyId <<<"$j")" --query KeyMetadata.KeyState --output text)"
same "alarms: the topic's key is enabled" "$key_state" Enabled
j="$(aws sns list-subscriptions-by-topic --topic-arn "$topic")"
jcheck "alarms: e-mail subscription ops@example.com" "$j" '[.Subscriptions[] | select(.Protocol == "email" and .Endpoint == "ops@example.com")] | length == 1'
j="$(aws cloudwatch describe-alarms --alarm-name-prefix "$name-")"
want_alarms='["alb-5xx-rate","cron-runs-failed","cron-ticks-failed","db-connections","db-cpu","db-free-storage","efs-io-limit","no-healthy-targets","running-tasks-below-desired","service-cpu","service-memory","target-response-time","unhealthy-targets"]'
jcheck "alarms: one per listed metric (5xx rate, response time, unhealthy and no healthy targets, service CPU and memory, tasks below desired, RDS CPU, storage, connections, EFS I/O)" \
  "$(jq --arg p "$name-" '[.MetricAlarms[].AlarmName | ltrimstr($p)] | sort' <<<"$j")" ". == $want_alarms"
jcheck "alarms: every alarm notifies the topic on ALARM and OK" "$(jq --arg t "$topic" '[.MetricAlarms[] | .AlarmActions == [$t] and .OKActions == [$t]] | all' <<<"$j")" '. == true'
jcheck "alarms: the 5xx alarm is (ELB 5xx + target 5xx) / requests in percent, above 5" "$j" \
  '[.MetricAlarms[] | select(.AlarmName | endswith("-alb-5xx-rate")) | .Threshold == 5 and ([.Metrics[] | .MetricStat.Metric.MetricName // empty] | sort == ["HTTPCode_ELB_5XX_Count","HTTPCode_Target_5XX_Count","RequestCount"])] == [true]'
j="$(aws events list-rules --name-prefix "$name-")"
jcheck "EventBridge: rules for failed deployments and unhealthy or crashed tasks" "$(jq '[.Rules[].Name] | sort' <<<"$j")" \
  ". == [\"$name-deployment-failed\",\"$name-task-crashed\",\"$name-task-unhealthy\"]"
jcheck "EventBridge: the deployment rule matches SERVICE_DEPLOYMENT_FAILED of this service" "$j" \
  "[.Rules[] | select(.Name == \"$name-deployment-failed\") | .EventPattern | fromjson | .detail.eventName == [\"SERVICE_DEPLOYMENT_FAILED\"] and (.resources[0] | endswith(\":service/$cluster/$service\"))] == [true]"
targets_ok=true
for r in deployment-failed task-crashed task-unhealthy; do
  jq -e --arg t "$topic" '[.Targets[] | select(.Arn == $t and .InputTransformer.InputTemplate != null)] | length == 1' \
    <<<"$(aws events list-targets-by-rule --rule "$name-$r")" >/dev/null || targets_ok=false
done
same "EventBridge: each rule sends a readable message to the topic" "$targets_ok" true
j="$(aws cloudwatch get-dashboard --dashboard-name "$name")"
jcheck "dashboard $name: the alarms and eight metric panels" "$(jq '.DashboardBody | fromjson | .widgets' <<<"$j")" \
  '(.[0].type == "alarm") and ([.[] | select(.type == "metric")] | length == 8)'
j="$(aws ecs describe-services --cluster "$cluster" --services "$service")"
jcheck "service: deployment alarms (5xx rate, unhealthy targets) roll a deployment back" "$j" \
  ".services[0].deploymentConfiguration.alarms | .enable and .rollback and (.alarmNames | sort == [\"$name-alb-5xx-rate\",\"$name-unhealthy-targets\"])"

vault="$(out base backup_vault_name)"
j="$(aws backup describe-backup-vault --backup-vault-name "$vault")"
jcheck "backup: vault $vault encrypted with a KMS key of its own" "$j" '(.EncryptionKeyArn // "") | startswith("arn:aws:kms:")'
plan_id="$(aws backup list-backup-plans --query "BackupPlansList[?BackupPlanName=='$name'].BackupPlanId | [0]" --output text)"
j="$(aws backup get-backup-plan --backup-plan-id "$plan_id")"
jcheck "backup: plan $name daily into $vault, 7 days, copied to the us-west-2 vault" "$j" \
  "(.BackupPlan.Rules[0] | .TargetBackupVaultName == \"$vault\" and .ScheduleExpression == \"cron(0 3 * * ? *)\" and .Lifecycle.DeleteAfterDays == 7 and (.CopyActions[0].DestinationBackupVaultArn | test(\":us-west-2:\")))"
sel_id="$(aws backup list-backup-selections --backup-plan-id "$plan_id" --query 'BackupSelectionsList[0].SelectionId' --output text)"
j="$(aws backup get-backup-selection --backup-plan-id "$plan_id" --selection-id "$sel_id")"
jcheck "backup: the plan selects the database and the file system, with the backup role" "$j" \
  ".BackupSelection | (.Resources | sort == ([\"$(out base db_instance_arn)\", \"$(out base efs_file_system_arn)\"] | sort)) and .IamRoleArn == \"$(out base backup_role_arn)\""
j="$(aws --region us-west-2 backup describe-backup-vault --backup-vault-name "$vault")"
jcheck "backup: the copy vault in us-west-2 has its own key there" "$j" '(.EncryptionKeyArn // "") | test("^arn:aws:kms:us-west-2:")'
pol="$(aws iam list-attached-role-policies --role-name "$(out base backup_role_arn | sed 's|.*/||')")"
jcheck "backup: role with AWS Backup's managed policies for backup and restore" "$(jq '[.AttachedPolicies[].PolicyName] | sort' <<<"$pol")" \
  '. == ["AWSBackupServiceRolePolicyForBackup","AWSBackupServiceRolePolicyForRestores"]'

# make restore-aws: a new environment from a database snapshot and a files
# recovery point, the original only read. moto has no recovery points and no
# restore jobs of its own (moto_server.py emulates the EFS restore to a new
# file system); the new environment is prepared and planned, not applied.
step "make restore-aws ENV=test TO=testr RESTORE_STEPS=prepare (log: $work/restore.log)"
aws rds create-db-snapshot --db-instance-identifier "$(out base db_instance_id)" --db-snapshot-identifier "$name-restore-1" >/dev/null
db_before="$(aws rds describe-db-instances --query 'DBInstances[].DBInstanceIdentifier' --output text)"
rc=0
out_bad="$(umake restore-aws ENV=test FROM="$name-restore-1" TO=test VERSION=$tag1 2>&1)" || rc=$?
if ((rc != 0)) && [[ "$(grep -c '^error: ' <<<"$out_bad")" == 1 && "$out_bad" == *"TO='test' exists"* ]]; then
  ok "restore-aws: an existing environment as TO is refused in one line"
else
  bad "restore-aws: an existing environment as TO is refused in one line" "exit $rc: ${out_bad//$'\n'/ | }"
fi
rc=0
umake restore-aws ENV=test FROM="$name-restore-1" TO=testr RESTORE_STEPS=prepare \
  FILES_FROM="arn:aws:backup:$AWS_REGION:123456789012:recovery-point:emulated-1" \
  FILES_PATH=/aws-backup-restore_2026-01-01T00-00-00-000Z/wordpress >"$work/restore.log" 2>&1 || rc=$?
same "restore-aws: prepare exits 0 (log: $work/restore.log)" "$rc" 0
if ((rc == 0)); then
  same "restore-aws: infra/envs/testr starts the database from the snapshot" \
    "$(sed -n 's/^db_snapshot_identifier *= *"\(.*\)"/\1/p' "$work/infra/envs/testr/base.tfvars")" "$name-restore-1"
  same "restore-aws: the tasks' directory is where AWS Backup put the files" \
    "$(sed -n 's/^efs_access_point_path *= *"\(.*\)"/\1/p' "$work/infra/envs/testr/base.tfvars")" /aws-backup-restore_2026-01-01T00-00-00-000Z/wordpress
  new_fs="$(aws efs describe-file-systems --query "FileSystems[?CreationToken=='wpecs-testr'].FileSystemId | [0]" --output text)"
  same "restore-aws: infra/envs/testr adopts the restored file system $new_fs" \
    "$(sed -n 's/^efs_import_file_system_id *= *"\(.*\)"/\1/p' "$work/infra/envs/testr/base.tfvars")" "$new_fs"
  ENV=testr "$root/infra/stacks/run.sh" tofu base plan -input=false -no-color -out="$work/restore.plan" \
    "-var-file=$work/infra/envs/testr/base.tfvars" "-var=region=$AWS_REGION" "-var-file=$work/moto.tfvars" >"$work/restore-plan.log" 2>&1 || true
  j="$(ENV=testr "$root/infra/stacks/run.sh" tofu base show -json "$work/restore.plan" 2>/dev/null || echo '{}')"
  jcheck "restore-aws: testr's plan creates the database from the snapshot and keeps the restored file system" "$j" \
    "([.resource_changes[]? | select(.address == \"module.database.aws_db_instance.this\") | .change.actions == [\"create\"] and .change.after.snapshot_identifier == \"$name-restore-1\"] == [true]) and ([.resource_changes[]? | select(.address == \"module.efs.aws_efs_file_system.this\") | ((.change.actions | index(\"delete\")) == null and .change.importing.id == \"$new_fs\")] == [true])"
  aws efs delete-file-system --file-system-id "$new_fs" >/dev/null || true
fi
same "restore-aws: the original database is untouched" "$(aws rds describe-db-instances --query 'DBInstances[].DBInstanceIdentifier' --output text)" "$db_before"
aws rds delete-db-snapshot --db-snapshot-identifier "$name-restore-1" >/dev/null || true

# The ECR login of the push is decided from the repository URL: on for an
# ECR registry (production), off for any other (the stand-in registry above).
# Packer evaluates the same expression the build uses.
ecr_login() { (cd "$root/image/packer" && echo local.push_ecr_login | packer console -var "ecr_repository_url=$1" -var version=x . 2>&1 | tail -n 1); }
same "push: ECR login on for an ECR repository URL" "$(ecr_login 123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs-prod)" true
same "push: no ECR login for the stand-in registry" "$(ecr_login "$repo_url")" false

# --- 3. a second plan changes nothing -------------------------------------------------
step "second plan of both stacks (-detailed-exitcode)"
t=$(date +%s)
for s in base wordpress; do
  rc=0
  VERSION=$tag1 stacks plan "$s" -no-color -detailed-exitcode >"$work/replan-$s.log" 2>&1 || rc=$?
  if ((rc == 0)); then
    ok "no changes in $s after apply"
  else
    bad "no changes in $s after apply" "plan exit $rc: $(grep -E '^  # |^Plan:|Error' "$work/replan-$s.log" | head -n 20 | tr '\n' ';')"
  fi
done
noop_s=$(($(date +%s) - t))

# --- 4. a second tag ----------------------------------------------------------------------
# The user builds and pushes it (make build PUSH=1); the test retags the image
# it built and pushes that, to spare a second build.
step "pushing $repo_url:$tag2 (the built image, retagged)"
docker tag "$IMAGE:$tag1" "$repo_url:$tag2"
docker push -q "$repo_url:$tag2" >"$work/push-$tag2.log" 2>&1 ||
  { cat "$work/push-$tag2.log" >&2; die "docker push $repo_url:$tag2 failed"; }
VERSION=$tag2 stacks plan wordpress -no-color -out="$work/$tag2.tfplan" >"$work/plan-$tag2.log" 2>&1 ||
  { tail -n 40 "$work/plan-$tag2.log" >&2; die "plan of the new tag failed"; }
changes="$(stacks tofu wordpress show -json "$work/$tag2.tfplan" 2>/dev/null |
  jq -c '[.resource_changes[] | select(.change.actions != ["no-op"] and .change.actions != ["read"]) | {a: .address, x: .change.actions}] | sort_by(.a)')"
# With external cron the cron task (same image) is replaced too, and the schedule
# follows it to the new revision.
jcheck "new tag: only the task definitions (replaced), the service and the cron schedule (updated in place) change" "$changes" \
  '[.[].a] == ["module.wordpress.aws_ecs_service.this", "module.wordpress.aws_ecs_task_definition.cron[0]", "module.wordpress.aws_ecs_task_definition.this", "module.wordpress.aws_scheduler_schedule.cron[0]"] and (.[0].x == ["update"]) and (.[1].x | sort == ["create", "delete"]) and (.[2].x | sort == ["create", "delete"]) and (.[3].x == ["update"])'

# A deployment ECS rolls back must fail `make wordpress`, with one line naming
# the task definition that failed and the one ECS went back to. Both shapes
# DescribeServices has: while the rollback runs (the failed deployment still
# listed) and after it (only the deployment of the previous revision left).
service_td() { aws ecs describe-services --cluster "$cluster" --services "$service" --query 'services[0].taskDefinition' --output text; }
td_name() { printf '%s' "${1##*/}"; }
for shape in rolled-back rolling-back; do
  step "make wordpress ENV=test VERSION=$tag2, ECS answering: $shape"
  deployment_outcome "$shape"
  rc=0
  umake wordpress ENV=test VERSION="$tag2" AUTO_APPROVE=1 >"$work/wordpress-$shape.log" 2>&1 || rc=$?
  new_td="$(stacks tofu wordpress output -raw task_definition_arn 2>/dev/null)"
  if ((rc != 0)); then
    ok "make wordpress fails when ECS rolled the deployment back ($shape): exit $rc"
  else
    bad "make wordpress fails when ECS rolled the deployment back ($shape)" "exit 0; last lines: $(tail -n 3 "$work/wordpress-$shape.log" | tr '\n' ';')"
  fi
  want="error: deployment of $(td_name "$new_td") failed; ECS rolled back to $(td_name "$td_arn")"
  line="$(grep '^error: ' "$work/wordpress-$shape.log" || true)"
  if [[ "$line" == "$want"* && "$(grep -c . <<<"$line")" == 1 ]]; then
    ok "one error line naming both revisions: $line"
  else
    bad "one error line naming both revisions" "got '${line//$'\n'/ | }', want '$want...'"
  fi
  same "the service runs the previous revision after the rollback ($shape)" "$(service_td)" "$td_arn"
done

step "make wordpress ENV=test VERSION=$tag2, ECS answering: completed"
deployment_outcome completed
rc=0
umake wordpress ENV=test VERSION="$tag2" AUTO_APPROVE=1 >"$work/wordpress-$tag2.log" 2>&1 || rc=$?
same "make wordpress VERSION=$tag2 succeeds once the deployment completes (last: $(tail -n 1 "$work/wordpress-$tag2.log"))" "$rc" 0
td2="$(service_td)"
j="$(aws ecs describe-task-definition --task-definition "$td2")"
jcheck "service now runs a new revision with image :$tag2" "$(jq --arg img "$repo_url:$tag2" --arg old "$td_arn" '.taskDefinition | .containerDefinitions[0].image == $img and .taskDefinitionArn != $old' <<<"$j")" '. == true'
image_matches "task definition after make wordpress" "$tag2"

# --- 5. make plan: nothing to change --------------------------------------------------------
step "make plan ENV=test VERSION=$tag2"
rc=0
umake plan ENV=test VERSION="$tag2" >"$work/make-plan.log" 2>&1 || rc=$?
same "make plan exits 0" "$rc" 0
same "make plan: no changes in either stack" "$(grep -c 'No changes.' "$work/make-plan.log" || true)" 2

# --- 6. make destroy leaves nothing ---------------------------------------------------------
step "make destroy ENV=test AUTO_APPROVE=1"
t=$(date +%s)
umake destroy ENV=test AUTO_APPROVE=1 >"$work/destroy.log" 2>&1 ||
  { tail -n 60 "$work/destroy.log" >&2; die "make destroy failed (log: $work/destroy.log)"; }
destroy_s=$(($(date +%s) - t))
ok "make destroy: wordpress then base destroyed"

left() { # "type" count
  if [[ "$2" == 0 ]]; then ok "nothing left: $1"; else bad "nothing left: $1" "$2 remain"; fi
}
left "non-default VPCs" "$(aws ec2 describe-vpcs --filters Name=is-default,Values=false --query 'length(Vpcs)')"
left "non-default subnets" "$(aws ec2 describe-subnets --filters Name=default-for-az,Values=false --query 'length(Subnets)')"
left "NAT gateways" "$(aws ec2 describe-nat-gateways --query 'length(NatGateways[?State!=`deleted`])')"
left "Elastic IPs" "$(aws ec2 describe-addresses --query 'length(Addresses)')"
left "security groups besides default" "$(aws ec2 describe-security-groups --query 'length(SecurityGroups[?GroupName!=`default`])')"
left "launch templates" "$(aws ec2 describe-launch-templates --query 'length(LaunchTemplates)')"
left "Auto Scaling groups" "$(aws autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups)')"
left "load balancers" "$(aws elbv2 describe-load-balancers --query 'length(LoadBalancers)')"
left "target groups" "$(aws elbv2 describe-target-groups --query 'length(TargetGroups)')"
left "active ECS clusters" "$(aws ecs describe-clusters --clusters "$cluster" --query 'length(clusters[?status==`ACTIVE`])')"
# (moto cannot list all capacity providers: DescribeCapacityProviders without names fails)
left "active capacity provider $cp_name" "$(aws ecs describe-capacity-providers --capacity-providers "$cp_name" --query 'length(capacityProviders[?status==`ACTIVE`])')"
left "active task definitions" "$(aws ecs list-task-definitions --status ACTIVE --query 'length(taskDefinitionArns)')"
left "EFS file systems" "$(aws efs describe-file-systems --query 'length(FileSystems)')"
left "EFS access points" "$(aws efs describe-access-points --query 'length(AccessPoints)')"
left "RDS instances" "$(aws rds describe-db-instances --query 'length(DBInstances)')"
left "RDS subnet groups" "$(aws rds describe-db-subnet-groups --query 'length(DBSubnetGroups[?DBSubnetGroupName!=`default`])')"
left "RDS parameter groups (besides default.*)" "$(aws rds describe-db-parameter-groups --query 'length(DBParameterGroups[?!starts_with(DBParameterGroupName, `default.`)])')"
left "ElastiCache replication groups" "$(aws elasticache describe-replication-groups --query 'length(ReplicationGroups)')"
left "ElastiCache subnet groups (besides default)" "$(aws elasticache describe-cache-subnet-groups --query 'length(CacheSubnetGroups[?CacheSubnetGroupName!=`default`])')"
left "Secrets Manager secrets" "$(aws secretsmanager list-secrets --query 'length(SecretList)')"
left "ECR repositories" "$(aws ecr describe-repositories --query 'length(repositories)')"
left "SNS topics" "$(aws sns list-topics --query 'length(Topics)')"
left "CloudWatch alarms of the project" "$(aws cloudwatch describe-alarms --alarm-name-prefix wpecs- --query 'length(MetricAlarms)')"
left "EventBridge rules of the project" "$(aws events list-rules --name-prefix wpecs- --query 'length(Rules)')"
left "CloudWatch dashboards" "$(aws cloudwatch list-dashboards --query 'length(DashboardEntries)')"
left "backup plans" "$(aws backup list-backup-plans --query 'length(BackupPlansList)')"
left "backup vaults (us-east-1, us-west-2)" "$(($(aws backup list-backup-vaults --query 'length(BackupVaultList)') + $(aws --region us-west-2 backup list-backup-vaults --query 'length(BackupVaultList)')))"
live_keys=0
for r in us-east-1 us-west-2; do
  for k in $(aws --region "$r" kms list-keys --query 'Keys[].KeyId' --output text); do
    [[ "$(aws --region "$r" kms describe-key --key-id "$k" --query 'KeyMetadata.[KeyState,Description]' --output text)" != Enabled*$'\t'@(SNS topic wpecs|AWS Backup vault wpecs)* ]] || live_keys=$((live_keys + 1))
  done
done
left "KMS keys of the topic and vaults not scheduled for deletion" "$live_keys"
left "IAM roles of the project" "$(aws iam list-roles --query 'length(Roles[?starts_with(RoleName, `wpecs-`)])')"
left "IAM instance profiles of the project" "$(aws iam list-instance-profiles --query 'length(InstanceProfiles[?starts_with(InstanceProfileName, `wpecs-`)])')"
left "CloudWatch log groups of the project" "$(aws logs describe-log-groups --query 'length(logGroups[?contains(logGroupName, `wpecs`)])')"
left "EventBridge Scheduler schedules" "$(aws scheduler list-schedules --query 'length(Schedules)')"
left "SQS queues" "$(aws sqs list-queues --query 'length(QueueUrls || `[]`)')"
left "autoscaling targets" "$(aws application-autoscaling describe-scalable-targets --service-namespace ecs --query 'length(ScalableTargets)')"
left "SES identities" "$(aws sesv2 list-email-identities --query 'length(EmailIdentities)')"
left "IAM users of the project" "$(aws iam list-users --query 'length(Users[?starts_with(UserName, `wpecs-`)])')"
left "records in the mail zone besides SOA and NS" "$(aws route53 list-resource-record-sets --hosted-zone-id "$mail_zone_id" --query 'length(ResourceRecordSets[?Type!=`SOA` && Type!=`NS`])')"
left "CloudFront distributions" "$(aws cloudfront list-distributions --query 'length(DistributionList.Items || `[]`)')"
left "WAF web ACLs (CLOUDFRONT, us-east-1)" "$(aws wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1 --query 'length(WebACLs)')"
left "WAF web ACLs (REGIONAL)" "$(aws wafv2 list-web-acls --scope REGIONAL --query 'length(WebACLs)')"
left "records in the test zone besides SOA and NS" "$(aws route53 list-resource-record-sets --hosted-zone-id "$zone_id" --query 'length(ResourceRecordSets[?Type!=`SOA` && Type!=`NS`])')"
aws route53 delete-hosted-zone --id "$zone_id" >/dev/null
left "autoscaling policies" "$(aws application-autoscaling describe-scaling-policies --service-namespace ecs --query 'length(ScalingPolicies)')"
# The tagging API also lists what AWS keeps as a record after deletion:
# deleted NAT gateways, INACTIVE ECS clusters, services and task definitions.
# Anything else it finds, or one of those still alive, is a leftover.
still_alive() { # arn -> prints the ARN when the resource is not gone
  local arn="$1" state
  case "$arn" in
    *:natgateway/*) state="$(aws ec2 describe-nat-gateways --nat-gateway-ids "${arn##*/}" --query 'NatGateways[0].State' --output text)"; [[ "$state" == deleted ]] ;;
    *:ecs:*:cluster/*) state="$(aws ecs describe-clusters --clusters "$arn" --query 'clusters[0].status' --output text)"; [[ "$state" == INACTIVE ]] ;;
    *:ecs:*:service/*) state="$(aws ecs describe-services --cluster "$(cut -d/ -f2 <<<"$arn")" --services "$arn" --query 'services[0].status' --output text 2>/dev/null || echo gone)"; [[ "$state" == INACTIVE || "$state" == gone || "$state" == None ]] ;;
    # Instances carry the environment's tags now. moto does not terminate an
    # Auto Scaling group's instances when the group is deleted (AWS does);
    # the group itself is checked above ("nothing left: Auto Scaling groups").
    *:ec2:*:instance/*) true ;;
    *:ecs:*:task-definition/*) state="$(aws ecs describe-task-definition --task-definition "$arn" --query 'taskDefinition.status' --output text)"; [[ "$state" == INACTIVE ]] ;;
    # A destroyed KMS key waits out its deletion window (AWS and moto alike).
    *:kms:*:key/*) state="$(aws --region "$(cut -d: -f4 <<<"$arn")" kms describe-key --key-id "$arn" --query KeyMetadata.KeyState --output text)"; [[ "$state" == PendingDeletion ]] ;;
    *) false ;;
  esac || echo "$arn"
}
tagged="$(aws resourcegroupstaggingapi get-resources --tag-filters Key=Project,Values=wpecs --query 'ResourceTagMappingList[].ResourceARN' | jq -r '.[]')"
alive=""
while read -r arn; do
  [[ -n "$arn" ]] && alive+="$(still_alive "$arn")"$'\n'
done <<<"$tagged"
alive="$(sed '/^$/d' <<<"$alive")"
step "tagging API after destroy: $(grep -c . <<<"$tagged" || true) records, of which still alive: $(grep -c . <<<"$alive" || true)"
left "anything tagged Project=wpecs that is not deleted/INACTIVE ${alive//$'\n'/ }" "$(grep -c . <<<"$alive" || true)"

# --- summary -------------------------------------------------------------------------------
printf 'resources created: %s (by make create-all)\n' "$created"
printf 'time: make create-all %ss (image build, push and both applies), no-change plan %ss (both stacks), destroy %ss, all %ss\n' \
  "$create_s" "$noop_s" "$destroy_s" "$(($(date +%s) - _wpecs_t0))"
printf 'test-aws: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
