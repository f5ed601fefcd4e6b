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

efs_backup_enabled     = false
ecr_force_delete       = true
ecr_keep_tagged_images = 5
