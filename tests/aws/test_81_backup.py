"""Backups: the vault and its key, the plan and its copy to us-west-2, the
selection and its role; and `make restore-aws`, which makes a new environment
from a database snapshot and a files recovery point, the original only read.

moto has no recovery points and no restore jobs of its own (moto_server.py
emulates the EFS restore to a new file system); the new environment is
prepared and planned, not applied (a second environment would double the run)."""

import json
import re
import shutil

import emulator as E
import pytest

FILES_PATH = "/aws-backup-restore_2026-01-01T00-00-00-000Z/wordpress"


@pytest.fixture(scope="module")
def plan(backup, base_stack) -> tuple[str, dict]:
    ids = [
        p["BackupPlanId"]
        for p in backup.list_backup_plans()["BackupPlansList"]
        if p["BackupPlanName"] == base_stack["name"]
    ]
    assert len(ids) == 1, f"backup plans named {base_stack['name']}: {ids}"
    return ids[0], backup.get_backup_plan(BackupPlanId=ids[0])["BackupPlan"]


def test_vault_encrypted_with_a_kms_key_of_its_own(backup, base_stack):
    vault = backup.describe_backup_vault(BackupVaultName=base_stack["backup_vault_name"])
    assert vault.get("EncryptionKeyArn", "").startswith("arn:aws:kms:"), vault.get("EncryptionKeyArn")


def test_plan_daily_7_days_copied_to_us_west_2(plan, base_stack):
    rule = plan[1]["Rules"][0]
    assert rule["TargetBackupVaultName"] == base_stack["backup_vault_name"]
    assert rule["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert rule["Lifecycle"]["DeleteAfterDays"] == 7
    assert ":us-west-2:" in rule["CopyActions"][0]["DestinationBackupVaultArn"]


def test_plan_selects_the_database_and_the_file_system_with_the_backup_role(backup, plan, base_stack):
    sel_id = backup.list_backup_selections(BackupPlanId=plan[0])["BackupSelectionsList"][0]["SelectionId"]
    sel = backup.get_backup_selection(BackupPlanId=plan[0], SelectionId=sel_id)["BackupSelection"]
    assert sorted(sel["Resources"]) == sorted(
        [base_stack["db_instance_arn"], base_stack["efs_file_system_arn"]]
    )
    assert sel["IamRoleArn"] == base_stack["backup_role_arn"]


def test_copy_vault_in_us_west_2_has_its_own_key_there(emulator, base_stack):
    vault = emulator.client("backup", "us-west-2").describe_backup_vault(
        BackupVaultName=base_stack["backup_vault_name"]
    )
    assert vault.get("EncryptionKeyArn", "").startswith("arn:aws:kms:us-west-2:"), vault.get(
        "EncryptionKeyArn"
    )


def test_backup_role_has_the_managed_policies_for_backup_and_restore(iam, base_stack):
    role = base_stack["backup_role_arn"].rsplit("/", 1)[-1]
    assert sorted(
        p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    ) == [
        "AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForRestores",
    ]


# --- make restore-aws -------------------------------------------------------------


def tfvar(path, name: str) -> str | None:
    m = re.search(rf'^{name} *= *"(.*)"', path.read_text(), re.MULTILINE)
    return m.group(1) if m else None


@pytest.fixture(scope="module")
def restore(emulator, rds, efs, base_stack):
    """A DB snapshot of test, `make restore-aws` refusing TO=test and preparing
    TO=testr, and testr's base plan; everything it made is removed afterwards."""
    n = base_stack["name"]
    snap = f"{n}-restore-1"
    E.step(f"make restore-aws ENV=test TO=testr RESTORE_STEPS=prepare (log: {E.WORK}/restore.log)")
    rds.create_db_snapshot(DBInstanceIdentifier=base_stack["db_instance_id"], DBSnapshotIdentifier=snap)

    def dbs():
        return sorted(d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"])

    r = {"snapshot": snap, "db_before": dbs(), "new_fs": None}
    envdir = E.WORK / "infra" / "envs" / "testr"
    try:
        r["refused"] = E.make(
            "restore-aws",
            "ENV=test",
            f"FROM={snap}",
            "TO=test",
            f"VERSION={E.TAG1}",
            check=False,
        )
        r["prepare"] = E.make(
            "restore-aws",
            "ENV=test",
            f"FROM={snap}",
            "TO=testr",
            "RESTORE_STEPS=prepare",
            f"FILES_FROM=arn:aws:backup:{E.REGION}:{E.ACCOUNT}:recovery-point:emulated-1",
            f"FILES_PATH={FILES_PATH}",
            log=E.WORK / "restore.log",
            check=False,
        )
        fss = [
            f["FileSystemId"]
            for f in efs.describe_file_systems()["FileSystems"]
            if f["CreationToken"] == "wpecs-testr"
        ]
        r["new_fs"] = fss[0] if fss else None
        if r["prepare"].returncode == 0:
            planfile = E.WORK / "restore.plan"
            E.stacks(
                "tofu",
                "base",
                "plan",
                "-input=false",
                "-no-color",
                f"-out={planfile}",
                f"-var-file={envdir / 'base.tfvars'}",
                f"-var=region={E.REGION}",
                f"-var-file={E.WORK / 'moto.tfvars'}",
                env={"ENV": "testr"},
                log=E.WORK / "restore-plan.log",
                check=False,
            )
            show = E.stacks(
                "tofu",
                "base",
                "show",
                "-json",
                str(planfile),
                env={"ENV": "testr"},
                check=False,
            )
            r["plan"] = json.loads(show.stdout) if show.returncode == 0 else {}
        r["db_after"] = dbs()
        yield r
    finally:
        if r["new_fs"]:
            efs.delete_file_system(FileSystemId=r["new_fs"])
        rds.delete_db_snapshot(DBSnapshotIdentifier=snap)
        shutil.rmtree(envdir, ignore_errors=True)
        shutil.rmtree(E.WORK / "tofu" / "testr", ignore_errors=True)


def test_restore_refuses_an_existing_environment_as_to_in_one_line(restore):
    p = restore["refused"]
    out = p.stdout + p.stderr
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert p.returncode != 0, out
    assert len(errors) == 1 and "TO='test' exists" in errors[0], out


def test_restore_prepare_exits_0(restore):
    p = restore["prepare"]
    assert p.returncode == 0, f"log: {E.WORK}/restore.log\n" + "\n".join(
        (p.stdout + p.stderr).splitlines()[-30:]
    )


@pytest.fixture(scope="module")
def testr_base(restore):
    if restore["prepare"].returncode != 0:
        pytest.fail("make restore-aws RESTORE_STEPS=prepare failed (see test_restore_prepare_exits_0)")
    return E.WORK / "infra" / "envs" / "testr" / "base.tfvars"


def test_restore_testr_starts_the_database_from_the_snapshot(restore, testr_base):
    assert tfvar(testr_base, "db_snapshot_identifier") == restore["snapshot"]


def test_restore_the_tasks_directory_is_where_aws_backup_put_the_files(testr_base):
    assert tfvar(testr_base, "efs_access_point_path") == FILES_PATH


def test_restore_testr_adopts_the_restored_file_system(restore, testr_base):
    assert restore["new_fs"], "no file system with the creation token wpecs-testr"
    assert tfvar(testr_base, "efs_import_file_system_id") == restore["new_fs"]


def test_restore_plan_creates_the_database_from_the_snapshot_and_keeps_the_file_system(restore, testr_base):
    changes = {c["address"]: c["change"] for c in restore.get("plan", {}).get("resource_changes", [])}
    db, fs = (
        changes.get("module.database.aws_db_instance.this"),
        changes.get("module.efs.aws_efs_file_system.this"),
    )
    assert db and db["actions"] == ["create"], (
        f"database: {db and db['actions']} (log: {E.WORK}/restore-plan.log)"
    )
    assert db["after"]["snapshot_identifier"] == restore["snapshot"]
    assert fs and "delete" not in fs["actions"], f"file system: {fs and fs['actions']}"
    assert fs.get("importing", {}).get("id") == restore["new_fs"]


def test_restore_leaves_the_original_database_untouched(restore):
    assert restore["db_after"] == restore["db_before"]
