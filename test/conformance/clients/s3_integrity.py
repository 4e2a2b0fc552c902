"""Content-MD5 and x-amz-checksum-* verified on upload (BadDigest), returned with ChecksumMode."""
import base64
import hashlib
import sys
import zlib

from common import error_of, report, s3

bucket = sys.argv[1]
client = s3(attempts=1)
body = b"The council approved the tram.\n"
md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
wrong_md5 = base64.b64encode(hashlib.md5(b"something else").digest()).decode()
crc = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
sha = base64.b64encode(hashlib.sha256(body).digest()).decode()

bad_md5 = error_of(client.put_object, Bucket=bucket, Key="bad-md5.txt", Body=body, ContentMD5=wrong_md5)
bad_crc = error_of(client.put_object, Bucket=bucket, Key="bad-crc.txt", Body=body, ChecksumCRC32="AAAAAA==")
stored = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]

client.put_object(Bucket=bucket, Key="good.txt", Body=body, ContentMD5=md5)
client.put_object(Bucket=bucket, Key="good-crc.txt", Body=body, ChecksumAlgorithm="CRC32")
client.put_object(Bucket=bucket, Key="good-sha.txt", Body=body, ChecksumSHA256=sha)
head_crc = client.head_object(Bucket=bucket, Key="good-crc.txt", ChecksumMode="ENABLED")
get_sha = client.get_object(Bucket=bucket, Key="good-sha.txt", ChecksumMode="ENABLED")
plain = client.head_object(Bucket=bucket, Key="good-crc.txt")

report({
    "badMd5": bad_md5,
    "badCrc": bad_crc,
    "storedAfterBad": stored,
    "crc32": head_crc.get("ChecksumCRC32"),
    "expectedCrc32": crc,
    "sha256": get_sha.get("ChecksumSHA256"),
    "expectedSha256": sha,
    "shaBody": get_sha["Body"].read() == body,
    "withoutMode": plain.get("ChecksumCRC32"),
})
