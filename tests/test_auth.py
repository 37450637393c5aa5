"""Roles, local accounts (argon2 hashes), sign-in throttling, OIDC role lists, and the server-side role
check of the write functions. Real SQLite files; the throttle's clock is a fake one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from ledger import service
from ledger.auth import (
    ANALYST,
    ANONYMOUS,
    LOCKOUT,
    MAX_FAILURES,
    REPORTER,
    VIEWER,
    WINDOW,
    AccessPolicy,
    AccountError,
    Accounts,
    Identity,
    PermissionDenied,
    Scope,
    SignInError,
    load_policy,
    locked_until,
    require_analyst,
    users,
)
from ledger.store import Store
from tests.conftest import FAST_HASHER, ROOT
from tests.workbook_fixtures import edited

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def store(tmp_path):
    s = Store.from_url(f"sqlite:///{tmp_path / 'auth.db'}")
    yield s
    s.dispose()


@pytest.fixture()
def clock() -> Clock:
    return Clock()


#: Cheap argon2 parameters for speed; the production defaults are used by the CLI tests below.
FAST = FAST_HASHER


@pytest.fixture()
def accounts(store, clock) -> Accounts:
    a = Accounts(store, clock=clock, hasher=FAST)
    a.add("ana", PASSWORD)
    return a


def test_sign_in_returns_the_accounts_identity(accounts):
    assert accounts.sign_in("ana", PASSWORD) == Identity("ana", ANALYST, "local")
    assert accounts.sign_in(" ANA ", PASSWORD).name == "ana"  # names compare case-insensitively
    accounts.add("vic", PASSWORD, role=VIEWER)
    assert accounts.sign_in("vic", PASSWORD).role == VIEWER


@pytest.mark.parametrize("name, password", [("ana", "wrong password"), ("nobody", PASSWORD), ("ana", "")])
def test_wrong_password_and_unknown_user_look_the_same(accounts, name, password):
    with pytest.raises(SignInError) as info:
        accounts.sign_in(name, password)
    assert info.value.reason == "invalid"
    assert str(info.value) == "用户名或密码错误"


def test_only_an_argon2_hash_is_stored(store):
    accounts = Accounts(store)  # the default (production) parameters
    accounts.add("ana", PASSWORD)
    with store.engine.connect() as conn:
        (digest,) = conn.execute(sa.select(users.c.password_hash)).one()
    assert digest.startswith("$argon2id$v=19$m=65536,t=3")
    assert PASSWORD not in digest
    assert [row[:2] for row in accounts.list()] == [("ana", ANALYST)]


def test_add_again_resets_the_password(accounts):
    assert accounts.add("Ana", "another password") is False
    with pytest.raises(SignInError):
        accounts.sign_in("ana", PASSWORD)
    assert accounts.sign_in("ana", "another password").name == "Ana"


@pytest.mark.parametrize(
    "name, password, role, phrase",
    [
        ("ana", "short", ANALYST, "至少 8 个字符"),
        ("", PASSWORD, ANALYST, "用户名"),
        ("a b", PASSWORD, ANALYST, "用户名"),
        ("<script>", PASSWORD, ANALYST, "用户名"),
        ("ana", PASSWORD, "root", "未知角色"),  # "admin" is a role since issue 12
        ("rep", PASSWORD, REPORTER, "填报范围"),  # a reporter without departments or counties
    ],
)
def test_bad_accounts_are_refused(accounts, name, password, role, phrase):
    with pytest.raises(AccountError, match=phrase):
        accounts.add(name, password, role=role)


def test_only_reporters_have_a_scope(accounts):
    with pytest.raises(AccountError, match="只有填报人"):
        accounts.add("ana", PASSWORD, role=ANALYST, scope=Scope(("市税务局",)))


def test_removed_account_cannot_sign_in(accounts):
    assert accounts.remove("ANA") is True
    assert accounts.role_of("ana") is None
    with pytest.raises(SignInError):
        accounts.sign_in("ana", PASSWORD)
    assert accounts.remove("ana") is False


# --- throttling ---------------------------------------------------------------------------------


def fail(accounts: Accounts, times: int, name: str = "ana") -> None:
    for _ in range(times):
        with pytest.raises(SignInError) as info:
            accounts.sign_in(name, "wrong password")
        assert info.value.reason == "invalid"


def test_five_failures_lock_the_name_for_fifteen_minutes(accounts, clock):
    fail(accounts, MAX_FAILURES)
    clock.now += 1
    with pytest.raises(SignInError) as info:
        accounts.sign_in("ana", PASSWORD)  # even the right password is refused now
    assert info.value.reason == "locked"
    assert "分钟后再试" in str(info.value)
    clock.now += LOCKOUT - 2
    with pytest.raises(SignInError, match="分钟后再试"):
        accounts.sign_in("ana", PASSWORD)
    clock.now += 2  # 15 minutes after the fifth failure
    assert accounts.sign_in("ana", PASSWORD).name == "ana"


def test_lock_is_per_name_and_applies_to_unknown_names(accounts):
    fail(accounts, MAX_FAILURES, name="ghost")
    with pytest.raises(SignInError) as info:
        accounts.sign_in("ghost", "anything")
    assert info.value.reason == "locked"
    assert accounts.sign_in("ana", PASSWORD).name == "ana"


def test_failures_spread_over_more_than_the_window_do_not_lock(accounts, clock):
    for _ in range(MAX_FAILURES * 2):
        fail(accounts, 1)
        clock.now += WINDOW / (MAX_FAILURES - 1) + 1
    assert accounts.sign_in("ana", PASSWORD).name == "ana"


def test_success_clears_earlier_failures(accounts):
    fail(accounts, MAX_FAILURES - 1)
    accounts.sign_in("ana", PASSWORD)
    fail(accounts, MAX_FAILURES - 1)
    assert accounts.sign_in("ana", PASSWORD).name == "ana"


def test_locked_until():
    n = MAX_FAILURES
    assert locked_until([]) is None
    assert locked_until([float(i) for i in range(n - 1)]) is None
    assert locked_until([float(i) for i in range(n)]) == n - 1 + LOCKOUT
    spread = [i * (WINDOW / (n - 1) + 1) for i in range(n)]
    assert locked_until(spread) is None


def test_the_throttle_is_shared_between_processes(store, tmp_path):
    """Failures made by another process (another server) count here: they are in the database."""
    Accounts(store).add("ana", PASSWORD)
    child = textwrap.dedent(
        f"""
        from ledger.auth import Accounts, SignInError
        from ledger.store import Store
        accounts = Accounts(Store.from_url({store.display_url!r}))
        for _ in range({MAX_FAILURES}):
            try:
                accounts.sign_in("ana", "wrong password")
            except SignInError:
                pass
        """
    )
    proc = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with pytest.raises(SignInError) as info:
        Accounts(store).sign_in("ana", PASSWORD)
    assert info.value.reason == "locked"


# --- roles --------------------------------------------------------------------------------------


def test_require_analyst():
    analyst = Identity("ana", ANALYST, "local")
    assert require_analyst(analyst) is analyst
    for who in (None, ANONYMOUS, Identity("vic", VIEWER, "oidc"), Identity("", ANALYST, "local"), "ana"):
        with pytest.raises(PermissionDenied, match="仅限分析员"):
            require_analyst(who)  # type: ignore[arg-type]


def test_access_policy_maps_emails_to_roles():
    policy = AccessPolicy.from_mapping({"analysts": ["Ana@City.gov.cn", "@stats.city.gov.cn"]})
    assert policy.role_for_email("ana@city.gov.cn") == ANALYST
    assert policy.role_for_email("anyone@stats.city.gov.cn") == ANALYST
    assert policy.role_for_email("anyone@evil-stats.city.gov.cn") == VIEWER
    assert policy.role_for_email("bob@city.gov.cn") == VIEWER
    assert policy.role_for_email("") is None
    closed = AccessPolicy.from_mapping({"analysts": ["ana@city.gov.cn"], "viewers": ["@city.gov.cn"]})
    assert closed.role_for_email("bob@city.gov.cn") == VIEWER
    assert closed.role_for_email("bob@example.com") is None  # a viewers list closes the door to others


def test_policy_from_config_file_and_secrets_override(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[roles]\nanalysts = ["a@x.cn"]\nrequire_sign_in = true\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy == AccessPolicy(analysts=("a@x.cn",), require_sign_in=True)
    merged = policy.merged({"analysts": ["b@x.cn"]})
    assert merged.analysts == ("b@x.cn",) and merged.require_sign_in is True
    assert load_policy(tmp_path / "missing.toml") == AccessPolicy()
    assert load_policy().analysts == ()  # the shipped data/config.toml names nobody


# --- the write functions check the role on the server side ------------------------------------


def _one_value(wb) -> None:
    wb["指标进度"]["A2"], wb["指标进度"]["F2"] = "2023-06", 5


def test_service_writes_refuse_non_analysts(tmp_path):
    ctx = service.open_context(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        service.bootstrap(ctx, sample=False)
        before = (ctx.store.data_version(), len(ctx.store.history()))
        upload = service.read_bytes(ctx, edited(_one_value), file_name="x.xlsx")
        for who in (ANONYMOUS, Identity("vic", VIEWER, "local"), Identity("vic@x.cn", VIEWER, "oidc")):
            with pytest.raises(PermissionDenied):
                service.commit_upload(ctx, upload, actor=who)
            with pytest.raises(PermissionDenied):
                service.revert_import(ctx, 1, actor=who)
        assert (ctx.store.data_version(), len(ctx.store.history())) == before
        result = service.commit_upload(ctx, upload, actor=Identity("ana", ANALYST, "local"))
        assert ctx.store.history().iloc[0]["user"] == "ana"
        service.revert_import(ctx, result.import_id, actor=Identity("ana", ANALYST, "local"))
    finally:
        ctx.store.dispose()


# --- the command line ---------------------------------------------------------------------------


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ledger", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_cli_add_analyst_reads_the_password_from_stdin(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    proc = cli("add-analyst", "王分析", "--db", url, "--password-stdin", stdin=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "已创建分析员账户 王分析" in proc.stdout
    proc = cli("users", "--db", url)
    assert "王分析\t分析员" in proc.stdout and "argon2" not in proc.stdout
    with Store.from_url(url) as store:
        assert Accounts(store).sign_in("王分析", PASSWORD).role == ANALYST

    short = cli("add-analyst", "li", "--db", url, "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "密码至少 8 个字符" in short.stderr and "Traceback" not in short.stderr
    assert cli("remove-user", "王分析", "--db", url).returncode == 0
    gone = cli("remove-user", "王分析", "--db", url)
    assert gone.returncode == 1 and "没有账户" in gone.stderr


def test_cli_has_no_password_option():
    proc = cli("add-analyst", "ana", "--password", PASSWORD)
    assert proc.returncode == 2  # argparse: unknown option; passwords never go on the command line


# --- a sign-in flood ------------------------------------------------------------------------------


def test_per_client_throttle_covers_every_name(accounts, clock):
    from ledger.auth import MAX_CLIENT_FAILURES

    for k in range(MAX_CLIENT_FAILURES):  # a different name each time: no name reaches its own limit
        with pytest.raises(SignInError) as info:
            accounts.sign_in(f"guess{k}", "wrong password", client="203.0.113.9")
        assert info.value.reason == "invalid"
    with pytest.raises(SignInError) as info:
        accounts.sign_in("ana", PASSWORD, client="203.0.113.9")  # even the right password, from there
    assert info.value.reason == "locked"
    assert accounts.sign_in("ana", PASSWORD, client="198.51.100.7").name == "ana"  # another client
    clock.now += LOCKOUT + 1
    assert accounts.sign_in("ana", PASSWORD, client="203.0.113.9").name == "ana"


def test_a_locked_out_name_still_works_from_a_browser_that_signed_in_before(accounts):
    assert accounts.sign_in("ana", PASSWORD, client="10.0.0.2", device="ana-laptop").name == "ana"
    for k in range(MAX_FAILURES):  # somebody else locks the name, from browsers of their own
        with pytest.raises(SignInError):
            accounts.sign_in("ana", "wrong password", client=f"203.0.113.{k}", device=f"attacker-{k}")
    with pytest.raises(SignInError) as info:
        accounts.sign_in("ana", PASSWORD, client="203.0.113.99", device="a-new-browser")
    assert info.value.reason == "locked"
    assert accounts.sign_in("ana", PASSWORD, client="10.0.0.2", device="ana-laptop").name == "ana"
    for _ in range(MAX_FAILURES):  # the known browser's own failures still lock it
        with pytest.raises(SignInError):
            accounts.sign_in("ana", "wrong password", device="ana-laptop")
    with pytest.raises(SignInError) as info:
        accounts.sign_in("ana", PASSWORD, device="ana-laptop")
    assert info.value.reason == "locked"


def test_concurrent_password_checks_are_bounded(tmp_path):
    """64 sign-ins at once with the production argon2id parameters (64 MiB each): the process holds at
    most HASH_SLOTS of them in memory, instead of one per attempt (1 GB for 64 sessions)."""
    child = textwrap.dedent(
        f"""
        import resource, sys, threading
        from ledger.auth import Accounts, SignInError
        from ledger.store import Store
        accounts = Accounts(Store.from_url("sqlite:///{tmp_path / 'flood.db'}", busy_timeout=60))
        accounts.add("ana", "correct horse battery")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = []
        def attempt(k):
            try:
                accounts.sign_in(f"name{{k}}", "wrong password", client=f"10.0.{{k}}.1")
            except SignInError as exc:
                refused.append(exc.reason)
        threads = [threading.Thread(target=attempt, args=(k,)) for k in range(64)]
        for t in threads: t.start()
        for t in threads: t.join()
        grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(len(refused), sorted(set(refused)), round(grew))
        """
    )
    proc = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    n, reasons, grew_mb = proc.stdout.split(" ", 1)[0], proc.stdout.split("[")[1].split("]")[0], \
        int(proc.stdout.rsplit(" ", 1)[1])
    assert n == "64" and reasons in ("'invalid'", "'busy', 'invalid'", "'busy'"), proc.stdout
    assert grew_mb < 300, proc.stdout  # 2 × 64 MiB of argon2 memory, plus noise
