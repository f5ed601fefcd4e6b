#!/usr/bin/env bash
# A NEW environment from a recovery point of an existing one; the original is
# only read. Called by `make restore-aws`; usable by hand:
#   ENV=prod FROM=<db snapshot id or ARN> TO=prodr1 VERSION=<tag> infra/stacks/restore.sh
# Environment:
#   ENV         the environment the data comes from (only read)
#   FROM        the database's recovery point: an RDS snapshot identifier or
#               ARN (AWS Backup's RDS recovery points are snapshots
#               "awsbackup:job-…": their ARN works as it is)
#   FILES_FROM  the file system's recovery point ARN (AWS Backup, EFS);
#               default: the one of ENV's file system closest in time to FROM
#   TO          name of the new environment (must not exist under infra/envs)
#   FILES_PATH  where the files are in the restored file system: AWS Backup
#               restores into /aws-backup-restore_<time>/ (the old root's
#               content below it), so the tasks' directory is
#               /aws-backup-restore_<time>/wordpress. Without it the restore
#               stops after the base stack and says how to find it (the
#               service must not start on an empty directory: wp-init would
#               seed a fresh wp-content there)
#   VERSION     image tag to run there (the one ENV runs)
#   RESTORE_STEPS=prepare  stop after writing infra/envs/$TO and adopting the
#               restored file system (then: make infra / make wordpress ENV=$TO)
#   RESTORE_TIMEOUT        seconds to wait for the file system restore (7200)
#   and those of run.sh (TF_STATE_BUCKET, AWS_REGION, AUTO_APPROVE, INFRA_DIR, ...)
# Steps: 1. checks, 2. the database snapshot, 3. the files' recovery point,
# 4. EFS restore job to a new file system (AWS Backup), 5. infra/envs/$TO
# written from ENV's files (database from the snapshot, the image repository
# of ENV, no domain), 6. the new file system imported into $TO's base state,
# 7. make infra + make wordpress for $TO.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# INFRA_DIR and AWS_CLI: tools/lib.sh
RESTORE_STEPS="${RESTORE_STEPS:-all}"
RESTORE_TIMEOUT="${RESTORE_TIMEOUT:-7200}"
RESTORE_POLL="${RESTORE_POLL:-30}"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
step_prefix="restore: "
aws_cli() {
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then "$AWS_CLI" --endpoint-url "$AWS_ENDPOINT_URL" --output json "$@"; else "$AWS_CLI" --output json "$@"; fi
}
run() { "$here/run.sh" "$@"; }

# --- 1. checks: everything wrong is said before anything is created ----------
from_env="${ENV:-}"
to_env="${TO:-}"
[[ "$from_env" =~ ^[a-z][a-z0-9]{1,9}$ && -d "$INFRA_DIR/envs/$from_env" ]] ||
  die "ENV='$from_env' is not an environment to restore from (a directory under infra/envs)"
[[ -n "${FROM:-}" ]] || die "FROM is not set: the database snapshot or recovery point (make restore-aws ENV=$from_env FROM=<snapshot id or ARN> TO=<new env>)"
[[ "$to_env" =~ ^[a-z][a-z0-9]{1,9}$ ]] || die "TO='$to_env' must be 2-10 lowercase letters or digits, starting with a letter: the new environment's name"
[[ "$to_env" != prod ]] || die "TO=prod: a restore creates a new environment next to the others; name it (e.g. prodr1) and switch the domain to it once checked"
[[ ! -e "$INFRA_DIR/envs/$to_env" ]] || die "TO='$to_env' exists (infra/envs/$to_env): a restore creates a NEW environment and never writes over one; pick another name"
[[ "$RESTORE_STEPS" == prepare ]] || [[ "${VERSION:-}" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] ||
  die "VERSION='${VERSION:-}' is not an image tag: the tag $from_env runs (make plan ENV=$from_env shows it), or RESTORE_STEPS=prepare"
[[ -z "${FILES_PATH:-}" || "$FILES_PATH" =~ ^(/[A-Za-z0-9._-]+)+$ ]] ||
  die "FILES_PATH='$FILES_PATH' must be an absolute directory such as /aws-backup-restore_2026-11-30T03-12-44-000Z/wordpress"
[[ "$RESTORE_TIMEOUT" =~ ^[0-9]{1,6}$ && "$RESTORE_POLL" =~ ^[1-9][0-9]{0,3}$ ]] || die "RESTORE_TIMEOUT/RESTORE_POLL must be numbers of seconds"
ENV="$from_env" run preflight

out() { ENV="$from_env" run output base "$1"; }
project="$(out project)"
vault="$(out backup_vault_name 2>/dev/null || true)"
role="$(out backup_role_arn 2>/dev/null || true)"
fs_arn="$(out efs_file_system_arn)"
repo_name="$(out repository_name)"
[[ -n "$role" && "$role" != null ]] || die "$from_env has no AWS Backup role (backup_enabled = false in infra/envs/$from_env/base.tfvars): nothing to restore the files with"

# --- 2. the database snapshot ---------------------------------------------------
snap_id="$FROM"
[[ "$snap_id" != arn:*:snapshot:* ]] || snap_id="${snap_id#*:snapshot:}"
snap="$(aws_cli rds describe-db-snapshots --db-snapshot-identifier "$snap_id" 2>&1)" ||
  die "FROM='$FROM' is not a database snapshot this account sees (${snap##*$'\n'})"
[[ "$(jq -r '.DBSnapshots[0].Status' <<<"$snap")" == available ]] ||
  die "snapshot $snap_id is $(jq -r '.DBSnapshots[0].Status' <<<"$snap"), not available yet"
snap_time="$(jq -r '.DBSnapshots[0].SnapshotCreateTime' <<<"$snap")"
step "database from snapshot $snap_id of $(jq -r '.DBSnapshots[0].DBInstanceIdentifier' <<<"$snap") ($snap_time)"

# --- 3. the files' recovery point -----------------------------------------------
files_rp="${FILES_FROM:-}"
if [[ -z "$files_rp" ]]; then
  rps="$(aws_cli backup list-recovery-points-by-resource --resource-arn "$fs_arn")" ||
    die "cannot list the recovery points of $fs_arn: give FILES_FROM=<recovery point ARN>"
  files_rp="$(jq -r --arg t "$snap_time" '
    def ts: sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601;
    [.RecoveryPoints[] | select(.Status == "COMPLETED")]
    | map(. + {d: ((.CreationDate | ts) - ($t | ts) | fabs)}) | sort_by(.d) | .[0].RecoveryPointArn // empty' <<<"$rps")"
  [[ -n "$files_rp" ]] || die "no completed recovery point of $fs_arn in $vault: give FILES_FROM=<recovery point ARN>"
fi
step "files from recovery point $files_rp"

# --- 4. a new file system from it (AWS Backup restore job) ----------------------
# The creation token is the efs module's (<project>-<env>), so the new
# environment's state adopts the file system without replacing it.
meta="$(jq -cn --arg fs "${fs_arn##*/}" --arg tok "$project-$to_env" \
  '{"file-system-id": $fs, newFileSystem: "true", Encrypted: "true", PerformanceMode: "generalPurpose", CreationToken: $tok}')"
job="$(aws_cli backup start-restore-job --recovery-point-arn "$files_rp" --iam-role-arn "$role" \
  --resource-type EFS --metadata "$meta" | jq -r .RestoreJobId)" || die "the file system restore did not start"
step "file system restore job $job started; waiting (RESTORE_TIMEOUT=${RESTORE_TIMEOUT}s)"
# restore_done JOB: the job COMPLETED (its description in $j), is still
# running (status in $status), or failed (die).
restore_done() {
  # (poll runs this as a condition, where set -e does not stop the script.)
  j="$(aws_cli backup describe-restore-job --restore-job-id "$1")" || die "cannot describe the file system restore job $1"
  status="$(jq -r .Status <<<"$j")" || die "the description of restore job $1 is not JSON: $j"
  case "$status" in
    COMPLETED) return 0 ;;
    ABORTED | FAILED) die "file system restore job $1 $status: $(jq -r '.StatusMessage // ""' <<<"$j")" ;;
  esac
  return 1
}
status=unknown
poll "$RESTORE_TIMEOUT" "$RESTORE_POLL" restore_done "$job" ||
  die "file system restore job $job still $status after ${RESTORE_TIMEOUT}s (it goes on; rerun with FILES_FROM and this job's file system once it completes)"
new_fs="$(jq -r .CreatedResourceArn <<<"$j")"
new_fs="${new_fs##*/}"
step "files restored into $new_fs"

# --- 5. the new environment's files, written whole or not at all -----------------
tmp="$(mktemp -d "$INFRA_DIR/envs/.restore-$to_env.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
for f in base.backend.hcl wordpress.backend.hcl; do
  sed "s|/$from_env/|/$to_env/|g" "$INFRA_DIR/envs/$from_env/$f" >"$tmp/$f"
done
sed "s/^environment *= *\"$from_env\"/environment = \"$to_env\"/" "$INFRA_DIR/envs/$from_env/wordpress.tfvars" >"$tmp/wordpress.tfvars"
# No domain (the original keeps its name until the restored copy is checked),
# the original's image repository, never its own.
grep -Ev '^ *(environment|domain_name|route53_zone_id|certificate_arn|image_repository|ecr_force_delete|ecr_keep_tagged_images|db_snapshot_identifier) *=' \
  "$INFRA_DIR/envs/$from_env/base.tfvars" >"$tmp/base.tfvars"
cat >>"$tmp/base.tfvars" <<TFVARS

# --- written by make restore-aws on $(date -u +%Y-%m-%dT%H:%M:%SZ) -----------------
# Restored from $from_env: database snapshot $snap_id ($snap_time), files
# $files_rp (restore job $job, file system $new_fs, adopted into this
# environment's state).
environment               = "$to_env"
db_snapshot_identifier    = "$snap_id"
efs_import_file_system_id = "$new_fs"
image_repository          = { create = false, name = "$repo_name" }
TFVARS
[[ -z "${FILES_PATH:-}" ]] || printf 'efs_access_point_path     = "%s"\n' "$FILES_PATH" >>"$tmp/base.tfvars"
mv "$tmp" "$INFRA_DIR/envs/$to_env"
trap - EXIT
step "wrote infra/envs/$to_env"

# --- 6. the restored file system becomes the new environment's ----------------------
# efs_import_file_system_id (above) imports it on the base stack's first apply.
step "file system $new_fs will be adopted by $to_env's base stack on its first apply (efs_import_file_system_id)"

if [[ "$RESTORE_STEPS" == prepare ]]; then
  step "prepared; next: make infra ENV=$to_env && make wordpress ENV=$to_env VERSION=<tag>"
  exit 0
fi

# --- 7. the normal stacks ------------------------------------------------------------
ENV="$to_env" run apply base
if [[ -z "${FILES_PATH:-}" ]]; then
  step "base stack of $to_env applied; the service is not started: the files are in $new_fs under /aws-backup-restore_<time>/wordpress"
  step "find <time> (a container instance, through Session Manager: sudo mount -t efs -o tls $new_fs /mnt && ls /mnt), then:"
  step "  set efs_access_point_path = \"/aws-backup-restore_<time>/wordpress\" in infra/envs/$to_env/base.tfvars; make infra ENV=$to_env; make wordpress ENV=$to_env VERSION=<tag> (the one of $from_env)"
  exit 0
fi
ENV="$to_env" run apply wordpress
step "$to_env runs $from_env's data of $snap_time: $(ENV="$to_env" run output base url)"
