"""ListObjectsV2 paging in S3's order, and CommonPrefixes at any depth."""
import sys

from common import report, s3

bucket = sys.argv[1]
client = s3()
keys = ["story/a.txt", "story-2/b.txt", "story.txt", "Zebra", "éclair", "world/2026/11/28/x/es.md", "world/2026/11/28/x/status.json", "world/top.txt", "a+b c&d=e.txt"]
for key in keys:
    client.put_object(Bucket=bucket, Key=key, Body=key.encode())

pages = []
for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}):
    pages.append([o["Key"] for o in page.get("Contents", [])])

v1 = []
for page in client.get_paginator("list_objects").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}):
    v1.extend(o["Key"] for o in page.get("Contents", []))

nested = client.list_objects_v2(Bucket=bucket, Prefix="world/", Delimiter="/")
deeper = client.list_objects_v2(Bucket=bucket, Prefix="world/2026/11/", Delimiter="/")
delimited_pages = []
for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}):
    delimited_pages.append([o["Key"] for o in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])])

report({
    "keys": keys,
    "pages": pages,
    "v1": v1,
    "nested": {"keys": [o["Key"] for o in nested.get("Contents", [])], "prefixes": [p["Prefix"] for p in nested.get("CommonPrefixes", [])]},
    "deeper": [p["Prefix"] for p in deeper.get("CommonPrefixes", [])],
    "delimitedPages": delimited_pages,
})
