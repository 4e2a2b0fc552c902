"""Keys are stored as given: `//`, `/../`, `./`, spaces and unicode round-trip and list literally."""
import sys

from common import report, s3

bucket, marker = sys.argv[1], sys.argv[2]
client = s3()
keys = ["a//b.txt", "//lead.txt", "dir/../../../" + marker, "./dot/./x.txt", "trail/", "sp ace/ü+%.txt"]
got = {}
for key in keys:
    client.put_object(Bucket=bucket, Key=key, Body=("body of " + key).encode())
for key in keys:
    got[key] = client.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
listed = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
client.delete_object(Bucket=bucket, Key="a//b.txt")
after_delete = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
report({"keys": keys, "got": got, "listed": listed, "afterDelete": after_delete})
