##@ Hands-on access (no SSH: docker exec locally, ECS Exec with ENV=)

# ARGS reaches the script as one variable, quoted: never parsed by the shell.
# Without ENV on the command line (or in the environment): the local stack
# (LOCAL_PROJECT); with it: a running task of that environment's service.
access-env = ENV='$(if $(filter file,$(origin ENV)),,$(ENV))' LOCAL_PROJECT='$(LOCAL_PROJECT)' TOFU='$(TOFU)'

.PHONY: shell
shell: ## A shell in a running WordPress container (local stack; ENV=prod: ECS Exec into a task)
	@$(access-env) local/access.sh shell

.PHONY: wp
wp: ## Maintenance in a running container: ARGS='db-upgrade|cache-flush|users|reset-password <login>' (ENV= as for shell)
	@$(access-env) ARGS='$(subst ','\'',$(ARGS))' local/access.sh wp
