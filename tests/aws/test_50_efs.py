"""The shared file system: EFS, its mount targets and access point."""


def test_efs_encrypted(efs, base_stack):
    fs = efs.describe_file_systems(FileSystemId=base_stack["efs_file_system_id"])["FileSystems"][0]
    assert fs["Encrypted"] is True


def test_efs_a_mount_target_in_each_of_three_azs(efs, base_stack):
    mts = efs.describe_mount_targets(FileSystemId=base_stack["efs_file_system_id"])["MountTargets"]
    assert len(mts) == 3
    assert len({m["AvailabilityZoneName"] for m in mts}) == 3


def test_efs_access_point_as_www_data(efs, base_stack):
    ap = efs.describe_access_points(FileSystemId=base_stack["efs_file_system_id"])["AccessPoints"][0]
    assert (ap["PosixUser"]["Uid"], ap["PosixUser"]["Gid"]) == (33, 33)
