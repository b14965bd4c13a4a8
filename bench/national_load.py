"""Serve the platform as in production and measure it under load, against two baselines.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_load.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_load.py

Run it on a database filled by bench/national_data.py (with `--build`, for the published files).
It starts, on free ports of 127.0.0.1 and in a temporary folder:
  - the platform: gunicorn (2 workers, DEBUG off, the static files collected) behind nginx with the
    repository's deploy/nginx.conf (the published files served by nginx);
  - baseline 1: nginx serving each measured page saved to disk;
  - baseline 2: a bare Django view returning each saved page (bench/bare_django.py, 2 workers);
then runs `wrk --latency -t2 -c32 -d10s` on each page through each, prints one table (requests a
second and latency percentiles), then Django's own pages once more straight from gunicorn (without
nginx's microcache), and the gunicorn workers' memory before and after. It stops only
the processes it started, by their ids, and deletes its folder. Needs wrk and nginx (Debian:
`apt-get install wrk nginx-light`)."""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def which(name):
    found = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/sbin/{name}") if os.access(p, os.X_OK)), None
    )
    if not found:
        sys.exit(f"{name} is needed (Debian: apt-get install wrk nginx-light)")
    return found


def production_env(**extra):
    """The environment of an app process as in production (DEBUG off), over plain HTTP on 127.0.0.1
    (no TLS here: cookies not marked secure, no redirect to https), this run's database."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "TNL_ENV_FILE": "",
        # As in docs/deployment.md's systemd unit: malloc gives freed memory back.
        "MALLOC_TRIM_THRESHOLD_": "131072",
        **extra,
    }


def wait_for(port, process, what):
    for _attempt in range(600):
        if process.poll() is not None:
            sys.exit(f"{what} stopped (code {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{what} did not answer on port {port}")


def nginx_config(folder, site):
    temporary = "".join(
        f"{name}_temp_path {folder / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        f"events {{ worker_connections 1024; }}\nhttp {{\naccess_log off;\n{temporary}{site}\n}}\n"
    )


def platform_site(published, static, port, upstream, cache):
    """deploy/nginx.conf with this run's folders and ports (as tests/publication/test_nginx.py does)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for example, value in (
        ("/srv/tnl/var/nginx-cache", str(cache)),
        ("/srv/tnl/var/published", str(published)),
        ("/srv/tnl/var/static", str(static)),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("listen [::]:80;", ""),
    ):
        text = text.replace(example, value)
    return text


def saved_site(saved, port):
    return (
        f"server {{ listen 127.0.0.1:{port}; root {saved}; default_type text/html;\n"
        f"  location / {{ try_files $uri =404; }} }}"
    )


def wrk(url, duration, connections, cookie=None):
    """(requests a second, p50 ms, p99 ms, errors) of one wrk run."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    result = subprocess.run(
        [which("wrk"), "--latency", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", *headers, url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    text = result.stdout

    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not match:
            return float("nan")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return (float(rate[1]) if rate else 0.0, latency(50), latency(99), int(errors[1]) if errors else 0)


def rss_mb(pids, field="VmRSS"):
    """Each process's resident memory in MB: VmRSS (all of it, the shared libraries included,
    which every worker maps from the same files) or RssAnon (its own memory only)."""
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(rf"{field}:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match[1]) / 1024)
    return sizes


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def pages():
    """[(label, path, static, cookie)] measured, read from the database: `static` pages are written
    at publication (served by nginx); the others are answered by Django. The candidate's dossier
    page is asked with a logged-in member's session cookie (made by bench/national_autosave.py's
    `prepare`), so it always reaches Django, as for a real candidate."""
    import django

    django.setup()
    from tnl.publication import paths
    from tnl.publication.models import PublishedResult, Release
    from tnl.publication.site import current_folder

    release = Release.objects.filter(withdrawn_at=None).order_by("-year").first()
    if release is None:
        sys.exit("No published edition: fill the database with bench/national_data.py first.")
    result = PublishedResult.objects.filter(release=release).order_by("-level", "code").first()
    kind, code = result.kind, result.code
    from bench.national_autosave import prepare

    dossier, session = prepare(1)[0]
    dynamic = [
        ("home", "/", False, None),
        ("laureates, filtered", f"/laureats/?year={release.year}&level=3&kind=commune", False, None),
        ("registry search", "/territoires/?q=saint", False, None),
        ("API results list", f"/api/v1/editions/{release.year}/results?level=2", False, None),
        ("a candidate's dossier page (logged in)", f"/dossiers/{dossier}/", False, f"sessionid={session}"),
    ]
    if current_folder() is None:
        print("The published files are not built (bench/national_data.py --build): only Django's pages are measured.")
        return dynamic
    return dynamic + [
        ("edition results", "/" + paths.results(release.year, "fr"), True, None),
        ("body page", "/" + paths.body(kind, code, "fr"), True, None),
        ("statistics", "/" + paths.statistics("fr"), True, None),
        ("badge", "/" + paths.badge(release.year, kind, code, "svg"), True, None),
        ("open-data CSV", "/" + paths.open_data(release.year, "results.csv"), True, None),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per measure (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    options = parser.parse_args(argv)
    nginx = which("nginx")
    which("wrk")
    measured = pages()
    from django.conf import settings

    folder = Path(tempfile.mkdtemp(prefix="tnl-load-"))
    # mkdtemp makes the folder private, but nginx's workers run as another user when it is started
    # as root ("nobody"): they must read the saved pages, or the baseline measures 403 answers.
    folder.chmod(0o755)
    processes = []
    env = production_env(DJANGO_STATIC_ROOT=str(folder / "static"), TNL_API_RATE_LIMIT="0")

    def start(command, port, what, **kwargs):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
        processes.append(process)
        wait_for(port, process, what)
        return process

    from bench.machine import speed_line

    print(speed_line("before"))
    try:
        subprocess.run(
            [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        app_port, site_port, saved_port, bare_port = free_port(), free_port(), free_port(), free_port()
        gunicorn = [BIN / "gunicorn", "--workers", str(options.workers), "--no-control-socket"]
        app = start([*gunicorn, "tnl.wsgi", "--bind", f"127.0.0.1:{app_port}"], app_port, "gunicorn", cwd=ROOT, env=env)
        for name, site in (
            (
                "platform",
                platform_site(settings.TNL_PUBLISHED_ROOT, folder / "static", site_port, app_port, folder / "cache"),
            ),
            ("saved", saved_site(folder / "saved", saved_port)),
        ):
            run = folder / f"nginx-{name}"
            run.mkdir()
            (run / "nginx.conf").write_text(nginx_config(run, site), encoding="utf-8")
            start(
                [nginx, "-p", str(run), "-c", str(run / "nginx.conf")],
                site_port if name == "platform" else saved_port,
                f"nginx ({name})",
            )
        # Each page as the platform answers it, saved for the baselines.
        (folder / "saved").mkdir()
        sizes = {}
        for number, (_label, path, _static, cookie) in enumerate(measured):
            request = urllib.request.Request(
                f"http://127.0.0.1:{site_port}{path}", headers={"Cookie": cookie} if cookie else {}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                content = response.read()
            (folder / "saved" / f"p{number}").write_bytes(content)
            sizes[number] = len(content)
        for number in sizes:  # the baseline answers the saved page itself, not an error
            with urllib.request.urlopen(f"http://127.0.0.1:{saved_port}/p{number}", timeout=60) as response:
                if len(response.read()) != sizes[number]:
                    sys.exit(f"nginx does not serve the saved page p{number} as it was saved")
        bare_env = {**env, "BENCH_SAVED_DIR": str(folder / "saved"), "PYTHONPATH": str(ROOT)}
        start(
            [*gunicorn, "bench.bare_django:application", "--bind", f"127.0.0.1:{bare_port}"],
            bare_port,
            "bare Django",
            cwd=ROOT,
            env=bare_env,
        )

        workers = children(app.pid)
        memory_before = rss_mb(workers), rss_mb(workers, "RssAnon")
        print(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}; {options.workers} gunicorn workers; "
            f"wrk -t2 -c{options.connections} -d{options.duration}s"
        )
        print()
        print(
            "| page | size | platform req/s | p50 ms | p99 ms | nginx, saved page req/s | p99 ms | bare Django req/s | p99 ms | platform / baseline |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")

        def errors(result):
            return f" ({result[3]} errors)" if result[3] else ""

        uncached = []
        for number, (label, path, static, cookie) in enumerate(measured):
            platform = wrk(f"http://127.0.0.1:{site_port}{path}", options.duration, options.connections, cookie)
            saved = wrk(f"http://127.0.0.1:{saved_port}/p{number}", options.duration, options.connections)
            bare = wrk(f"http://127.0.0.1:{bare_port}/p{number}", options.duration, options.connections)
            baseline = saved if static else bare
            ratio = platform[0] / baseline[0] if baseline[0] else float("nan")
            if not static:
                # Django itself, without nginx's microcache: what a logged-in person's pages cost,
                # and what the microcache spares on results day.
                alone = wrk(f"http://127.0.0.1:{app_port}{path}", options.duration, options.connections, cookie)
                uncached.append((label, alone, alone[0] / bare[0] if bare[0] else float("nan")))
            print(
                f"| {label}{' (published file)' if static else '' if cookie else ' (microcache)'} | "
                f"{sizes[number] / 1024:.1f} KB | "
                f"{platform[0]:.0f}{errors(platform)} | {platform[1]:.1f} | {platform[2]:.1f} | "
                f"{saved[0]:.0f}{errors(saved)} | {saved[2]:.1f} | {bare[0]:.0f}{errors(bare)} | {bare[2]:.1f} | "
                f"{ratio:.2f}× {'nginx' if static else 'bare Django'} |"
            )
        print()
        print("Django alone (gunicorn, no nginx, no microcache):")
        print()
        print("| page | req/s | p50 ms | p99 ms | / bare Django |")
        print("|---|---|---|---|---|")
        for label, alone, ratio in uncached:
            print(f"| {label} | {alone[0]:.0f}{errors(alone)} | {alone[1]:.1f} | {alone[2]:.1f} | {ratio:.2f}× |")
        workers = children(app.pid)
        memory_after = rss_mb(workers), rss_mb(workers, "RssAnon")

        def megabytes(sizes):
            return ", ".join(f"{size:.0f}" for size in sizes)

        print()
        print(
            f"gunicorn workers' memory (MB), resident (VmRSS): before {megabytes(memory_before[0])}; "
            f"after {megabytes(memory_after[0])}; their own, without the shared libraries (RssAnon): "
            f"before {megabytes(memory_before[1])}; after {megabytes(memory_after[1])}"
        )
        print(speed_line("after"))
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
