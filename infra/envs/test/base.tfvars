# test: the emulated-AWS test (make test-aws, moto). Prod-shaped network
# (3 AZs, a NAT gateway per AZ, Multi-AZ database) so the loops are
# exercised, but everything can be destroyed at the end.
environment = "test"

az_count           = 3
single_nat_gateway = false

# x86_64: make test-aws pushes and deploys the amd64 image it built; the
# arm64 settings are covered by the modules' tofu tests (both architectures
# and the mismatches) and the arm64 image by make test-arm64.
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
db_multi_az                = true
db_backup_retention_period = 7
db_deletion_protection     = false
db_skip_final_snapshot     = true

efs_backup_enabled = false

# Every operations flag on: alarms with an e-mail subscription, AWS Backup
# with a copy to a second region.
alarms_enabled         = true
alarm_email            = "ops@example.com"
backup_enabled         = true
backup_retention_days  = 7
backup_copy_region     = "us-west-2"
ecr_force_delete       = true
ecr_keep_tagged_images = 5

# Every flag on: the object cache, Multi-AZ.
cache_enabled  = true
cache_multi_az = true

# Every flag on: HTTPS for a domain (make test-aws creates a Route 53 zone in
# the emulator and passes its ID), CloudFront in front, WAF on CloudFront.
domain_name     = "www.example.com"
route53_zone_id = "Z0000000000000000000"
cdn_enabled     = true
waf_enabled     = true

# ECS Exec (make shell / make wp ENV=test): sessions encrypted and logged.
exec_enabled = true

# Mail through SES (every flag on). The zone is the emulator's: tests/aws/emulator.py
# creates it and overrides this placeholder.
mail_enabled         = true
mail_domain          = "wpecs-test.example"
mail_route53_zone_id = "Z0000000000000000000"
