#!/usr/bin/env python3
"""Data for bench/archive_bench.sh (the archive at 100 000 records).

  archive_data.py protocols EXAMPLE.xml N OUTDIR
      N distinct protocols from EXAMPLE (the 2021-01-22 social välfärd
      protocol): each its own meeting date, first § number and a title of
      its own, written as OUTDIR/protocol-NNNN.xml.
  archive_data.py stem-sql
      a PostgreSQL query of the 2 000 title words and their Swedish stems
      (ts_lexize 'swedish_stem': Snowball's algorithm, as libstemmer's that
      protokoll stems SQLite's full-text index with), WORD<TAB>STEM a row.
  archive_data.py scale-sql sqlite|postgresql RECORDS [STEMS.tsv]
      SQL (one transaction) that grows an archive's index to RECORDS records
      by copying the rows of the records it holds (the real, ingested ones)
      in every index table under synthetic IDs, spreading meeting dates over
      50 years, bodies over 50 names, signers over 400 names and a title
      word over 2 000 words. Both dialects make the same rows; SQLite's
      full-text table holds stems (docs/archive.md), the copies' from the
      real rows' and the word's from STEMS.tsv (stem-sql's answer).
  archive_data.py params COUNT
      the query values archive_query_bench reads (KIND<TAB>VALUE), all but
      the record ID prefixes, which the script takes from the index.
"""
import re
import sys
from datetime import date, timedelta

BODY_FIELDS = [("Social", "social välfärd"), ("Arbetsmarknad", "arbetsmarknad"), ("Miljö", "miljö och klimat"),
               ("Bygg", "samhällsbyggnad"), ("Kultur", "kultur"), ("Utbildning", "utbildning"),
               ("Teknik", "teknik och trafik"), ("Fritids", "fritid och idrott"), ("Äldreomsorg", "äldreomsorg"),
               ("Regionutvecklings", "regional utveckling")]
BODIES = ([f"{p}nämnden" for p, _ in BODY_FIELDS] + [f"Styrgruppen för {f} (synt.)" for _, f in BODY_FIELDS] +
          [f"{p}utskottet" for p, _ in BODY_FIELDS] + [f"Beredningen för {f}" for _, f in BODY_FIELDS] +
          [f"Nätverket för {f}" for _, f in BODY_FIELDS])
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Kristina", "Per", "Lena", "Mikael",
         "Sara", "Karl", "Ingrid", "Peter", "Elin", "Nils", "Emma", "Olof"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Lindström", "Lundgren",
        "Bergqvist", "Holmberg"]
PERSONS = [f"{f} {l}" for l in LAST for f in FIRST]
PREFIXES = ["skol", "vård", "bygg", "miljö", "park", "gatu", "vatten", "avfall", "kultur", "fritids", "idrotts",
            "biblioteks", "äldre", "barn", "ungdoms", "social", "hälso", "trafik", "buss", "cykel", "hamn", "energi",
            "bredbands", "bostads", "tomt", "mark", "skogs", "jordbruks", "fiske", "natur", "kust", "sjö", "bro",
            "väg", "järnvägs", "flyg", "turism", "närings", "arbets", "integrations"]
SUFFIXES = ["plan", "budget", "avtal", "utredning", "strategi", "program", "policy", "taxa", "bidrag", "projekt",
            "rapport", "uppföljning", "upphandling", "ombyggnad", "investering", "remiss", "samverkan", "översyn",
            "handlingsplan", "riktlinjer", "tillsyn", "utvärdering", "ansökan", "yttrande", "förstudie", "reglemente",
            "ordning", "organisation", "lokaler", "personal", "ekonomi", "statistik", "kvalitet", "säkerhet",
            "beredskap", "information", "delegation", "verksamhet", "analys", "prognos", "underhåll", "drift",
            "avgift", "stöd", "satsning", "samordning", "utbyggnad", "förvaltning", "kartläggning", "dialog"]
WORDS = [p + s for s in SUFFIXES for p in PREFIXES]
DAYS = 18262          # 1976-01-01 … 2025-12-31: 50 years
START = date(1976, 1, 1)
assert len(BODIES) == 50 and len(PERSONS) == 400 and len(WORDS) == len(set(WORDS)) == 2000


def protocols(example, n, outdir):
    text = open(example, encoding="utf-8").read()
    for i in range(n):
        meeting = date(2021, 1, 22) + timedelta(days=7 * i)
        first = 1 + (i * 13) % 150
        t = text.replace('<meeting date="2021-01-22"', f'<meeting date="{meeting.isoformat()}"', 1)
        t = re.sub(r'first-number="\d+"', f'first-number="{first}"', t, count=1)
        word = WORDS[(i * 37) % len(WORDS)]
        t = t.replace("<title>Övriga ärenden</title>", f"<title>Övriga ärenden: {word} ({i + 1})</title>", 1)
        assert t.count(meeting.isoformat()) >= 1 and word in t
        with open(f"{outdir}/protocol-{i + 1:04d}.xml", "w", encoding="utf-8") as out:
            out.write(t)


def values(rows):
    return ",".join("(%d, '%s')" % (i, v.replace("'", "''")) for i, v in enumerate(rows))


def stem_sql():
    words = ",".join("('%s')" % w for w in WORDS)
    return f"SELECT w, coalesce((ts_lexize('swedish_stem', w))[1], w) FROM (VALUES {words}) AS v (w) ORDER BY w;\n"


def read_stems(path):
    stems = dict(line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip())
    assert set(stems) == set(WORDS), "the stems file does not hold the 2 000 words"
    return stems


def scale_sql(dialect, records, stems=None):
    pg = dialect == "postgresql"
    assert pg or stems, "SQLite's full-text rows need the words' stems (stem-sql)"
    temp = "CREATE TEMP TABLE"
    out = ["BEGIN;"]
    if not pg:
        out.append("PRAGMA temp_store = MEMORY;")
    out += [
        f"{temp} bench_src (i INTEGER PRIMARY KEY, id TEXT NOT NULL);",
        "INSERT INTO bench_src SELECT row_number() OVER (ORDER BY id) - 1, id FROM records;",
        f"{temp} bench_body (i INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        f"INSERT INTO bench_body VALUES {values(BODIES)};",
        f"{temp} bench_person (i INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        f"INSERT INTO bench_person VALUES {values(PERSONS)};",
        f"{temp} bench_word (i INTEGER PRIMARY KEY, w TEXT NOT NULL, s TEXT NOT NULL);",
        "INSERT INTO bench_word VALUES " + ",".join(
            "(%d, '%s', '%s')" % (i, w, (stems or {}).get(w, w)) for i, w in enumerate(WORDS)) + ";",
        # k = 1 … M: a synthetic record, a copy of real record k mod N. Its ID:
        # two multiplicative hashes of k (bijections mod 2^32, so the first 12
        # hex digits are spread and unique) then k: 64 lower-case hex, unique.
        f"{temp} bench_k (k INTEGER PRIMARY KEY, id TEXT NOT NULL, src TEXT NOT NULL, day INTEGER NOT NULL,"
        " first INTEGER NOT NULL);",
    ]
    m = f"({records} - (SELECT count(*) FROM bench_src))"
    if pg:
        out.append(
            "INSERT INTO bench_k SELECT k, lpad(to_hex((k * 2654435761) % 4294967296), 8, '0') ||"
            " lpad(to_hex((k * 2246822519) % 4294967296), 8, '0') || lpad(to_hex(k), 48, '0'),"
            " (SELECT id FROM bench_src WHERE i = k % (SELECT count(*) FROM bench_src)),"
            f" (k * 7919) % {DAYS}, 1 + (k * 37) % 190 FROM generate_series(1, {m}::int) AS k;")
        day = "to_char(date '1976-01-01' + b.day, 'YYYY-MM-DD')"
    else:
        out.append(
            f"INSERT INTO bench_k WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < {m})"
            " SELECT k, printf('%08x%08x%048x', (k * 2654435761) % 4294967296, (k * 2246822519) % 4294967296, k),"
            " (SELECT id FROM bench_src WHERE i = k % (SELECT count(*) FROM bench_src)),"
            f" (k * 7919) % {DAYS}, 1 + (k * 37) % 190 FROM c;")
        day = "date('1976-01-01', '+' || b.day || ' days')"
    out += [
        "INSERT INTO records (id, size, ingested_at, level, pdfa, has_source, organisation, kind, meeting_date, layout,"
        " source_sha256, first_paragraph, last_paragraph, previous)"
        " SELECT b.id, r.size, r.ingested_at, r.level, r.pdfa, r.has_source, r.organisation, r.kind, " + day + ","
        " r.layout, r.source_sha256, b.first, b.first + r.last_paragraph - r.first_paragraph, NULL"
        " FROM bench_k b JOIN records r ON r.id = b.src ORDER BY b.k;",
        "INSERT INTO bodies (record, position, name) SELECT b.id, x.position, n.name"
        " FROM bench_k b JOIN bodies x ON x.record = b.src JOIN bench_body n ON n.i = (b.k * 7 + x.position * 11) % 50"
        " ORDER BY b.k, x.position;",
        # Each § keeps its title and gets one of 2 000 words; numbers start at the record's own first §.
        "INSERT INTO paragraphs (record, position, number, title, decision, refs)"
        " SELECT b.id, p.position, b.first + p.number - r.first_paragraph, p.title || ' – ' || w.w, p.decision, p.refs"
        " FROM bench_k b JOIN records r ON r.id = b.src JOIN paragraphs p ON p.record = b.src"
        " JOIN bench_word w ON w.i = (b.k * 13 + p.position * 797) % 2000 ORDER BY b.k, p.position;",
    ]
    if pg:
        out.append("INSERT INTO paragraph_text (title, decision, record) SELECT p.title, p.decision, p.record"
                   " FROM bench_k b JOIN paragraphs p ON p.record = b.id ORDER BY b.k, p.position;")
    else:
        # The real rows' stems, a § at a time in their order (its position), and the word's stem.
        out += [
            f"{temp} bench_text (src TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, decision TEXT NOT NULL);",
            "INSERT INTO bench_text SELECT record, row_number() OVER (PARTITION BY record ORDER BY rowid) - 1, title,"
            " decision FROM paragraph_text;",
            "INSERT INTO paragraph_text (title, decision, record) SELECT t.title || ' ' || w.s, t.decision, b.id"
            " FROM bench_k b JOIN bench_text t ON t.src = b.src"
            " JOIN bench_word w ON w.i = (b.k * 13 + t.position * 797) % 2000 ORDER BY b.k, t.position;",
        ]
    out += [
        "INSERT INTO signers (record, position, name, role, kind) SELECT b.id, s.position, n.name, s.role, s.kind"
        " FROM bench_k b JOIN signers s ON s.record = b.src JOIN bench_person n ON n.i = (b.k * 31 + s.position * 101) % 400"
        " ORDER BY b.k, s.position;",
        "INSERT INTO events (record, at, type, detail) SELECT b.id, e.at, e.type, e.detail"
        " FROM bench_k b JOIN events e ON e.record = b.src ORDER BY b.k, e." + ("seq" if pg else "rowid") + ";",
        "COMMIT;",
    ]
    return "\n".join(out) + "\n"


def params(count):
    lines = []
    for i in range(count):
        lines.append(("body", BODIES[(i * 7) % len(BODIES)]))
        lines.append(("month", "%04d-%02d" % (1976 + (i * 7) % 50, 1 + (i * 5) % 12)))
        lines.append(("paragraph", str(1 + (i * 17) % 200)))
        lines.append(("signer", PERSONS[(i * 37) % len(PERSONS)]))
        lines.append(("word", WORDS[(i * 397) % len(WORDS)]))
    return "".join(f"{k}\t{v}\n" for k, v in lines)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "protocols" and len(sys.argv) == 5:
        protocols(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif what == "stem-sql" and len(sys.argv) == 2:
        sys.stdout.write(stem_sql())
    elif what == "scale-sql" and len(sys.argv) in (4, 5) and sys.argv[2] in ("sqlite", "postgresql"):
        sys.stdout.write(scale_sql(sys.argv[2], int(sys.argv[3]), read_stems(sys.argv[4]) if len(sys.argv) == 5 else None))
    elif what == "params" and len(sys.argv) == 3:
        sys.stdout.write(params(int(sys.argv[2])))
    else:
        sys.exit(__doc__)
