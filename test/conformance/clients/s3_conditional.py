"""Conditional GET: If-Match (412), If-None-Match (304), If-Modified-Since, If-Unmodified-Since."""
import datetime
import sys

from common import error_of, report, s3

bucket = sys.argv[1]
client = s3()
etag = client.put_object(Bucket=bucket, Key="cond.txt", Body=b"v1")["ETag"]
past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
report({
    "wrongIfMatch": error_of(client.get_object, Bucket=bucket, Key="cond.txt", IfMatch='"0123"'),
    "rightIfMatch": client.get_object(Bucket=bucket, Key="cond.txt", IfMatch=etag)["Body"].read().decode(),
    "ifNoneMatch": error_of(client.get_object, Bucket=bucket, Key="cond.txt", IfNoneMatch=etag),
    "ifModifiedSinceFuture": error_of(client.get_object, Bucket=bucket, Key="cond.txt", IfModifiedSince=future),
    "ifUnmodifiedSincePast": error_of(client.get_object, Bucket=bucket, Key="cond.txt", IfUnmodifiedSince=past),
    "headWrongIfMatch": error_of(client.head_object, Bucket=bucket, Key="cond.txt", IfMatch='"0123"'),
    # If-Match true and If-Unmodified-Since false: S3 returns the object.
    "matchBeatsUnmodified": client.get_object(Bucket=bucket, Key="cond.txt", IfMatch=etag, IfUnmodifiedSince=past)["Body"].read().decode(),
})
