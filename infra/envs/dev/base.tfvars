# dev: small and cheap, easy to throw away. Region: AWS_REGION.
environment = "dev"

az_count           = 2
single_nat_gateway = true

# x86_64 like prod, although Graviton (t4g.small) costs about 20 % less:
# dev deploys the very image digest that `make promote` then deploys to prod,
# and an arm64 dev would test an image prod never runs. Moving to Graviton is
# one change in both envs at once: architecture = "arm64", a Graviton
# instance_type (t4g/m7g/c7g), images from `make build ARCH=arm64`
# (tagged <version>-arm64).
architecture     = "x86_64"
instance_type    = "t3.small"
cluster_min_size = 1
cluster_max_size = 3

alb_deletion_protection = false

# Load balancer timing: the web server's keep-alive is derived from
# idle_timeout (the wordpress stack sets it to lb_idle_timeout + 5), and the
# deregistration delay covers the longest request PHP-FPM lets run (120 s).
idle_timeout         = 60
deregistration_delay = 120

db_instance_class          = "db.t4g.micro"
db_multi_az                = false
db_backup_retention_period = 1
db_deletion_protection     = false
db_skip_final_snapshot     = true

efs_backup_enabled = false

# Alarms and the dashboard cost a few dollars and tell you about a failed
# deployment; no e-mail (set alarm_email to get them). No AWS Backup plan:
# dev's data is disposable (the database keeps its 1 day of RDS backups).
alarms_enabled = true
backup_enabled = false

# One image, promoted: dev builds into and deploys from prod's repository,
# so `make promote FROM=dev TO=prod` deploys the very digest tested here.
# prod's base stack (or `ENV=prod infra/stacks/run.sh apply base
# -target=module.registry`) must exist first. Retention is prod's setting.
# Another account: add registry_id = "<prod account>" here and this account
# to prod's image_repository.pull_account_ids.
image_repository = { create = false, name = "wpecs/prod/wordpress" }

# No object cache: WordPress's per-request cache (cheapest).
cache_enabled = false

# ECS Exec (make shell / make wp ENV=dev): sessions encrypted and logged.
exec_enabled = true

# Mail: off (PHP's mail() reaches nobody on ECS). mail_enabled = true with
# mail_domain and a Route 53 zone sends through SES, as in prod.
mail_enabled = false
