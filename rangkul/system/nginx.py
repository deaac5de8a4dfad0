"""The nginx site in front of the app servers, written from a few facts of a deployment.

`manage.py nginx_site` prints it; `deploy/nginx/rangkul.conf` is its output for the example
in docs/deploy.md, and bench/topology.py writes one for loopback. nginx:

- spreads requests over the app servers and moves a request to the next one when a server
  refuses the connection (a request already sent is never sent twice: a POST is not
  repeated);
- serves the collected static files itself (compressed copies made by collectstatic);
- never serves uploaded files (scanned consent forms): the app serves what a user may see;
- sets X-Forwarded-For and X-Forwarded-Proto, which the app believes only from addresses
  in TRUSTED_PROXY_IPS (rangkul/lib/client_ip.py).
"""

from dataclasses import dataclass, field

# Uploads: a scanned consent form is at most 5 MB (people/services/consent.py).
MAX_BODY = "6m"


@dataclass(frozen=True)
class Site:
    upstreams: list[str]
    server_name: str = "rangkul.example.sch.id"
    static_root: str = "/srv/rangkul/app/var/static"
    # TLS: with a certificate, HTTPS on `https_listen` and plain HTTP only redirects (and
    # answers /healthz for a load balancer); without one, plain HTTP on `listen` (only for
    # a test on loopback).
    tls_certificate: str = ""
    tls_certificate_key: str = ""
    listen: str = "80"
    https_listen: str = "443"
    upstream_keepalive: int = 16
    extra_http: list[str] = field(default_factory=list)


def _proxy_block() -> str:
    return """        proxy_pass http://rangkul_app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_read_timeout 60s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;"""


def render(site: Site) -> str:
    """The site as nginx configuration (an `http` block's content)."""
    if not site.upstreams:
        raise ValueError("at least one app server is needed")
    servers = "\n".join(
        f"    server {address} max_fails=1 fail_timeout=10s;" for address in site.upstreams
    )
    static_root = site.static_root.rstrip("/")
    app = f"""    client_max_body_size {MAX_BODY};

    location /static/ {{
        alias {static_root}/;
        gzip_static on;
        # Pages link the hashed names (a new name for every change); a week is a mild
        # limit for the rare file asked for by its plain name.
        expires 7d;
        access_log off;
    }}

    location /media/ {{
        return 404;
    }}

    location / {{
{_proxy_block()}
    }}"""
    parts = [
        "# Rangkul: nginx in front of the app servers (written by manage.py nginx_site).",
        "upstream rangkul_app {",
        servers,
        f"    keepalive {site.upstream_keepalive};",
        "}",
        "",
        *site.extra_http,
    ]
    if site.tls_certificate:
        parts += [
            "server {",
            f"    listen {site.listen};",
            f"    server_name {site.server_name};",
            "    location = /healthz {",
            _proxy_block(),
            "    }",
            "    location / {",
            "        return 301 https://$host$request_uri;",
            "    }",
            "}",
            "",
            "server {",
            f"    listen {site.https_listen} ssl http2;",
            f"    server_name {site.server_name};",
            f"    ssl_certificate {site.tls_certificate};",
            f"    ssl_certificate_key {site.tls_certificate_key};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
            "    ssl_prefer_server_ciphers off;",
            "    ssl_session_cache shared:rangkul_tls:10m;",
            "    ssl_session_timeout 1d;",
            app,
            "}",
        ]
    else:
        parts += [
            "server {",
            f"    listen {site.listen};",
            f"    server_name {site.server_name};",
            app,
            "}",
        ]
    return "\n".join(parts) + "\n"


def main_config(site_file: str, *, pid: str, error_log: str, access_log: str = "off") -> str:
    """A whole nginx.conf around one site file, for running nginx under a prefix of its own
    (the benchmark and the configuration test)."""
    access = "access_log off;" if access_log == "off" else f"access_log {access_log};"
    return f"""worker_processes 1;
pid {pid};
error_log {error_log} warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    {access}
    include {site_file};
}}
"""
