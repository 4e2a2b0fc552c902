"""Multipart uploads as S3 runs them: ListParts, ListMultipartUploads, Abort, -N ETags, EntityTooSmall."""
import hashlib
import sys

from common import error_of, report, s3

bucket = sys.argv[1]
client = s3()
MiB = 1024 * 1024
first, last = b"a" * (5 * MiB), b"tail"

upload = client.create_multipart_upload(Bucket=bucket, Key="big/object.bin")["UploadId"]
p1 = client.upload_part(Bucket=bucket, Key="big/object.bin", UploadId=upload, PartNumber=1, Body=first)["ETag"]
p2 = client.upload_part(Bucket=bucket, Key="big/object.bin", UploadId=upload, PartNumber=2, Body=last)["ETag"]
parts = client.list_parts(Bucket=bucket, Key="big/object.bin", UploadId=upload)["Parts"]
uploads = [u["UploadId"] for u in client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]
wrong_order = error_of(client.complete_multipart_upload, Bucket=bucket, Key="big/object.bin", UploadId=upload,
                       MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": p2}, {"PartNumber": 1, "ETag": p1}]})
wrong_etag = error_of(client.complete_multipart_upload, Bucket=bucket, Key="big/object.bin", UploadId=upload,
                      MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]})
done = client.complete_multipart_upload(Bucket=bucket, Key="big/object.bin", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": p1}, {"PartNumber": 2, "ETag": p2}]})
expected = hashlib.md5(hashlib.md5(first).digest() + hashlib.md5(last).digest()).hexdigest() + "-2"
body = client.get_object(Bucket=bucket, Key="big/object.bin")["Body"].read()

small = client.create_multipart_upload(Bucket=bucket, Key="small.bin")["UploadId"]
s1 = client.upload_part(Bucket=bucket, Key="small.bin", UploadId=small, PartNumber=1, Body=b"x" * 1024)["ETag"]
s2 = client.upload_part(Bucket=bucket, Key="small.bin", UploadId=small, PartNumber=2, Body=b"y")["ETag"]
too_small = error_of(client.complete_multipart_upload, Bucket=bucket, Key="small.bin", UploadId=small,
                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": s1}, {"PartNumber": 2, "ETag": s2}]})
client.abort_multipart_upload(Bucket=bucket, Key="small.bin", UploadId=small)
after_abort = error_of(client.list_parts, Bucket=bucket, Key="small.bin", UploadId=small)
left = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])

report({
    "upload": upload,
    "parts": [{"number": p["PartNumber"], "size": p["Size"], "etag": p["ETag"]} for p in parts],
    "partEtags": [p1, p2],
    "uploadsListed": uploads,
    "wrongOrder": wrong_order,
    "wrongEtag": wrong_etag,
    "etag": done["ETag"],
    "expectedEtag": f'"{expected}"',
    "bodyOk": body == first + last,
    "tooSmall": too_small,
    "afterAbort": after_abort,
    "uploadsLeft": len(left),
})
