"""Clients for the conformance scripts: boto3 at its defaults, pointed at paragraf serve."""
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def s3(attempts=None):
    """boto3's S3 client; `attempts=1` where a test provokes an error botocore retries (BadDigest)."""
    retries = {"max_attempts": attempts} if attempts else None
    return boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"],
                        config=Config(s3={"addressing_style": "path"}, retries=retries))


def translate():
    return boto3.client("translate", endpoint_url=os.environ["TRANSLATE_ENDPOINT"])


def error_of(call, *args, **kwargs):
    """The AWS error code and HTTP status a call fails with, or None when it succeeds."""
    try:
        call(*args, **kwargs)
        return None
    except ClientError as error:
        return {
            "code": error.response["Error"].get("Code"),
            "status": error.response["ResponseMetadata"].get("HTTPStatusCode"),
            "message": error.response["Error"].get("Message"),
            "fields": {k: v for k, v in error.response.items() if k not in ("Error", "ResponseMetadata")},
        }


def report(result):
    json.dump(result, sys.stdout, default=str)
