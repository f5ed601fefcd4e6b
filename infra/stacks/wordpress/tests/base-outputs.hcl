# The outputs every base state has had, as the tests give them to the
# wordpress stack (dev in xx-test-1). Their one home: infra/generate.sh (make
# docs) writes them into each override_data of the base state between
# ">>> infra/stacks/wordpress/tests/base-outputs.hcl" and "<<<" lines;
# override_data takes only literal values (no variable, no merge()).
project                 = "wpecs"
name                    = "wpecs-dev"
cluster_arn             = "arn:aws:ecs:xx-test-1:123456789012:cluster/wpecs-dev"
cluster_name            = "wpecs-dev"
capacity_provider_name  = "wpecs-dev"
network_mode            = "bridge"
private_subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
task_security_group_ids = []
target_group_arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:targetgroup/wpecs-dev/0123456789abcdef"
target_group_arn_suffix = "targetgroup/wpecs-dev/0123456789abcdef"
alb_arn_suffix          = "app/wpecs-dev/0123456789abcdef"
url                     = "http://wpecs-dev-1.xx-test-1.elb.amazonaws.com"
repository_url          = "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress"
repository_arn          = "arn:aws:ecr:xx-test-1:123456789012:repository/wpecs/dev/wordpress"
db_address              = "wpecs-dev.abc.xx-test-1.rds.amazonaws.com"
db_port                 = 3306
db_name                 = "wordpress"
db_secret_arn           = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-wordpress-db-AbCdEf"
efs_file_system_id      = "fs-0123456789abcdef0"
efs_file_system_arn     = "arn:aws:elasticfilesystem:xx-test-1:123456789012:file-system/fs-0123456789abcdef0"
efs_access_point_id     = "fsap-0123456789abcdef0"
efs_access_point_arn    = "arn:aws:elasticfilesystem:xx-test-1:123456789012:access-point/fsap-0123456789abcdef0"
