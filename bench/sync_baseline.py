#!/usr/bin/env python3
"""The baseline for IdentDesk's sync benchmark: what a plain script does with `requests`
and `sqlite3` -- log in, fetch the four lists, store every result (raw JSON plus a few
columns) one transaction per 500 rows. Usage: sync_baseline.py BASE_URL COMPANY KEY DB"""
import json
import sqlite3
import sys

import requests

base, company, key, db_path = sys.argv[1:5]
api = f"{base}/api/v1/{company}"
session = requests.Session()
token = session.post(f"{api}/login", json={"apiKey": key}).json()["authToken"]
headers = {"X-API-LOGIN-TOKEN": token}
results = []
for query in ("?pending=true", "", "?cancelled=true", "?aborted=true"):
    answer = session.get(f"{api}/identifications{query}", headers=headers)
    answer.raise_for_status()
    results.extend(answer.json()["identifications"])

db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute(
    "CREATE TABLE IF NOT EXISTS results (txn TEXT PRIMARY KEY, ident_id TEXT, result TEXT, reason TEXT, raw TEXT)"
)
for start in range(0, len(results), 500):
    with db:
        for item in results[start : start + 500]:
            process = item.get("identificationprocess", {})
            db.execute(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?) ON CONFLICT(txn) DO UPDATE SET "
                "result=excluded.result, reason=excluded.reason, raw=excluded.raw",
                (process.get("transactionnumber"), process.get("id"), process.get("result"),
                 process.get("reason"), json.dumps(item)),
            )
db.close()
print(len(results))
