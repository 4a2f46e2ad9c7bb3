"""The P3 baseline: a bare DRF create endpoint (one model, one ModelSerializer, no auth, no
middleware beyond Common), served by gunicorn exactly like the product. Bench-only: never in
the product's INSTALLED_APPS or URLs. Its table is created by bench.p3_portal with plain SQL."""

TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_bare_item (
    id bigserial PRIMARY KEY,
    nature varchar(20) NOT NULL,
    subject varchar(200) NOT NULL,
    description text NOT NULL,
    created_at timestamptz NOT NULL
)
"""
