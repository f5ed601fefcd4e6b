"""Bad settings are refused before anything is initialised or applied."""

import emulator as E


def test_deploy_poll_0_refused_in_one_line_before_any_tofu_command(emulator, tmp_path):
    data = tmp_path / "tofu"
    p = E.stacks(
        "apply",
        "wordpress",
        env={"DEPLOY_POLL": "0", "VERSION": E.TAG1, "TF_DATA_ROOT": str(data)},
        check=False,
    )
    out = p.stdout + p.stderr
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert p.returncode != 0, f"DEPLOY_POLL=0 was accepted:\n{out}"
    assert len(errors) == 1 and "DEPLOY_POLL='0'" in errors[0], (
        f"want one error line naming DEPLOY_POLL='0', got:\n{out}"
    )
    assert not (data / "test" / "wordpress").exists(), (
        "the wordpress stack was initialised before the refusal"
    )
