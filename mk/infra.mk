# AWS: the OpenTofu stacks (infra/stacks/{base,wordpress}) per environment
# (infra/envs/$(ENV)), and the infrastructure tests. The logic lives in
# infra/stacks/run.sh (stacks), infra/stacks/unit.sh (static checks) and
# tests/aws/ (emulated AWS, pytest); the recipes only pass settings.

# TOFU, TFLINT, TERRAFORM_DOCS: the Makefile takes them from tools/lib.sh.
# Providers come from the local filesystem mirror (the "aws provider" row of tools/tools.tsv).
export TF_CLI_CONFIG_FILE := $(WPECS_CACHE)/tofurc
# AUTO_APPROVE=1 applies without asking (infra/stacks/run.sh holds its default).

INFRA_RUN = ENV='$(ENV)' TOFU='$(TOFU)' VERSION='$(VERSION)' AUTO_APPROVE='$(AUTO_APPROVE)' infra/stacks/run.sh

##@ AWS (ENV=dev|prod|...; needs TF_STATE_BUCKET, AWS_REGION and AWS credentials)
.PHONY: create-all
create-all: infra-tools ## Create everything: registry, build and push VERSION, base stack, service
	$(check-version)
	@$(INFRA_RUN) preflight
	@$(INFRA_RUN) apply base -target=module.registry
	@url="$$($(INFRA_RUN) output base repository_url)"; \
	  $(MAKE) build VERSION='$(VERSION)' PUSH=1 ECR_REPOSITORY_URL="$$url"
	@$(INFRA_RUN) apply base
	@$(INFRA_RUN) apply wordpress

.PHONY: infra
infra: infra-tools ## Apply the base stack: network, cluster, load balancer, EFS, database, registry
	@$(INFRA_RUN) apply base

.PHONY: wordpress
wordpress: infra-tools ## Deploy image tag VERSION to the service (rolling update, no downtime)
	$(check-version)
	@$(INFRA_RUN) apply wordpress

.PHONY: promote
promote: infra-tools ## Deploy to TO the image tag VERSION that FROM runs (same repository, same digest), e.g. FROM=dev TO=prod
	$(check-version)
	@$(INFRA_RUN) promote '$(FROM)' '$(TO)'

.PHONY: plan
plan: infra-tools ## Show what apply would change in both stacks (wordpress with VERSION)
	$(check-version)
	@$(INFRA_RUN) plan all

.PHONY: output
output: infra-tools ## Print one output of a stack, e.g. make output ENV=dev STACK=base NAME=repository_url
	@[[ '$(STACK)' =~ ^(base|wordpress)$$ && '$(NAME)' =~ ^[a-z0-9_]+$$ ]] || { echo "error: STACK='$(STACK)' NAME='$(NAME)': STACK is base or wordpress, NAME an output name" >&2; exit 64; }
	@$(INFRA_RUN) output '$(STACK)' '$(NAME)'

.PHONY: destroy
destroy: infra-tools ## Destroy the service, then the base stack (asks unless AUTO_APPROVE=1)
	@$(INFRA_RUN) destroy

.PHONY: docs
docs: infra-tools ## Write infra/'s generated copies (infra/generate.sh) and each module's README tables (terraform-docs)
	@infra/generate.sh
	@for d in infra/modules/*/; do $(TERRAFORM_DOCS) -c infra/modules/.terraform-docs.yml "$$d"; done

.PHONY: restore-aws
restore-aws: infra-tools ## New environment TO from ENV's recovery point: FROM=<db snapshot id|ARN> [FILES_FROM=<EFS recovery point ARN>] [FILES_PATH=<dir>] TO=<name> VERSION=<tag>; ENV is only read
	@ENV='$(ENV)' FROM='$(FROM)' FILES_FROM='$(FILES_FROM)' FILES_PATH='$(FILES_PATH)' TO='$(TO)' TOFU='$(TOFU)' VERSION='$(VERSION)' \
	  AUTO_APPROVE='$(AUTO_APPROVE)' RESTORE_STEPS='$(RESTORE_STEPS)' infra/stacks/restore.sh

##@ Tests (infrastructure)
.PHONY: test-unit-infra
test-unit-infra: infra-tools ## tofu fmt/validate/test of every module and stack, tflint, checkov
	@TOFU='$(TOFU)' TFLINT='$(TFLINT)' TERRAFORM_DOCS='$(TERRAFORM_DOCS)' infra/stacks/unit.sh

.PHONY: test-infra
test-infra: test-unit-infra test-infra-envs ## Infrastructure tests without AWS (the unit checks above, and the env settings)

# The env settings alone: `make test` runs this after test-unit, which already
# ran test-unit-infra (about 4 minutes not to spend twice).
.PHONY: test-infra-envs
test-infra-envs: infra-tools
	@TOFU='$(TOFU)' infra/stacks/unit.sh envs

.PHONY: test-aws
test-aws: infra-tools ## The README's AWS path (create-all, wordpress, plan, destroy) against moto and a local registry
	@tools/docker-up.sh
	@TOFU='$(TOFU)' IMAGE='$(IMAGE)' python -m pytest -p no:cacheprovider -v -rfE tests/aws $(PYTEST_ARGS)

# Not part of `make test`: run it when a change moves resources (moved blocks).
.PHONY: test-aws-upgrade
test-aws-upgrade: infra-tools ## Apply both stacks as commit FROM had them (moto), plan this tree: nothing may be added or destroyed
	@TOFU='$(TOFU)' FROM='$(FROM)' KEEP='$(KEEP)' python tests/aws/upgrade.py
