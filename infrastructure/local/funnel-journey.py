#!/usr/bin/env python3
"""A scripted funnel journey against the local runner (make run), for /_local/report.

Posts 20 demo and contact requests from three sources (utm_source google, linkedin, newsletter,
each with its campaign), waits until scoring made the hot ones MQLs, then moves some through the
sales stages with PATCH /leads/{id} (SQL, opportunity, customer). With --endpoint (the emulator,
AWS_ENDPOINT_URL of make run) it also writes firstActivityAt and a follow-up SLA breach on a few
MQLs straight into the table, standing in for the functions that write them. Every address is new
on each run.

Usage: infrastructure/local/funnel-journey.py [--api http://127.0.0.1:3000] [--endpoint http://127.0.0.1:PORT]
"""
import argparse
import json
import time
import urllib.parse
import urllib.request
import uuid

# source, campaign, hot demo requests, cold contact requests, SQL, won
SOURCES = [("google", "winter-sale", 5, 3, 3, 2), ("linkedin", "webinar-dec", 3, 4, 1, 0),
           ("newsletter", "dezember", 2, 3, 1, 0)]


def call(api, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(api + path, data=data, method=method,
                                 headers={"content-type": "application/json", "accept": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def lead(api, email):
    items = call(api, "GET", "/leads?email=" + urllib.parse.quote(email))["items"]
    return items[0] if items else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:3000")
    p.add_argument("--endpoint", help="the emulator, to stand in for activity and SLA writes")
    a = p.parse_args()
    run = uuid.uuid4().hex[:6]
    posted = []
    for source, campaign, hot, cold, sqls, won in SOURCES:
        for i in range(hot + cold):
            email = f"{source}.{i}.{run}@beispiel-werke.de" if i < hot else f"{source}.{i}.{run}@web.de"
            fields = {"email": email, "utm_source": source, "utm_campaign": campaign, "utm_medium": "cpc"}
            if i < hot:
                fields.update({"company": "Beispiel Werke GmbH", "jobTitle": "Geschäftsführer",
                               "companySize": "51-250", "budgetResponsibility": "yes", "country": "DE"})
                call(a.api, "POST", "/forms/demo", fields)
            else:
                call(a.api, "POST", "/forms/contact", fields)
            posted.append((source, i, email, i < hot))
    print(f"posted {len(posted)} leads")
    hot = [e for e in posted if e[3]]
    for _ in range(120):
        if all((lead(a.api, e[2]) or {}).get("stage") == "MQL" for e in hot):
            break
        time.sleep(1)
    ids = {e[2]: lead(a.api, e[2])["leadId"] for e in posted}
    for source, campaign, hot_n, cold, sqls, won in SOURCES:
        emails = [e[2] for e in posted if e[0] == source and e[3]]
        for email in emails[:sqls]:
            call(a.api, "PATCH", "/leads/" + ids[email], {"stage": "SQL", "reason": "Budget bestätigt"})
        for email in emails[:won]:
            call(a.api, "PATCH", "/leads/" + ids[email], {"stage": "opportunity", "reason": "Angebot"})
            call(a.api, "PATCH", "/leads/" + ids[email], {"stage": "customer", "reason": "Auftrag"})
    print("stages moved")
    if a.endpoint:
        import boto3  # Debian's python3-boto3, which moto needs anyway
        ddb = boto3.client("dynamodb", endpoint_url=a.endpoint, region_name="eu-central-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        table = "leads-local"
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for source, _, _, _, _, _ in SOURCES:
            emails = [e[2] for e in posted if e[0] == source and e[3]]
            for email in emails[:2]:
                ddb.update_item(TableName=table, Key={"pk": {"S": "LEAD#" + ids[email]}, "sk": {"S": "PROFILE"}},
                                UpdateExpression="SET firstActivityAt = :f", ExpressionAttributeValues={":f": {"S": now}})
            for email in emails[-1:]:
                ddb.update_item(TableName=table, Key={"pk": {"S": "LEAD#" + ids[email]}, "sk": {"S": "PROFILE"}},
                                UpdateExpression="SET followUp = :f",
                                ExpressionAttributeValues={":f": {"M": {"dueAt": {"S": now}, "breachedAt": {"S": now}}}})
        print("first activities and SLA breaches written")


if __name__ == "__main__":
    main()
