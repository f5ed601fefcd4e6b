"""A logged-in session keeps working while its requests land on different
replicas: every replica uses the same salts (generated once on the shared
volume), so cookies and nonces made by one are accepted by the others."""

import collections

from stack import login, rest_nonce


def test_session_and_nonces_work_across_replicas(stack, site):
    s = login(stack, site["user"], site["password"])
    seen = collections.Counter()
    for _ in range(12):
        r = stack.get("/wp-admin/", session=s)
        assert r.status_code == 200, f"{r.status_code} from {r.headers.get('X-Backend')}: logged out?"
        assert "wp-admin-bar-my-account" in r.text
        seen[r.headers["X-Backend"]] += 1
    print(f"wp-admin answered by {dict(seen)}")
    assert len(seen) >= 2, f"all requests reached one replica: {dict(seen)}"

    # A nonce from one replica is valid on another: create drafts through the
    # REST API until the nonce's maker and its user were different replicas.
    crossed = 0
    for i in range(6):
        nonce_resp = stack.get("/wp-admin/admin-ajax.php?action=rest-nonce", session=s)
        nonce = nonce_resp.text.strip()
        r = s.post(
            stack.url("/?rest_route=/wp/v2/posts"),
            headers={"X-WP-Nonce": nonce},
            json={"title": f"cross-replica draft {i}", "status": "draft"},
            timeout=30,
        )
        assert r.status_code == 201, (r.status_code, r.text[:300])
        if nonce_resp.headers["X-Backend"] != r.headers["X-Backend"]:
            crossed += 1
    print(f"{crossed} of 6 nonces were used on another replica than the one that made them")
    assert crossed >= 1
    assert rest_nonce(stack, s)
