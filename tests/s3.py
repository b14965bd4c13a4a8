"""A local S3-compatible server for the object storage tests: moto in server mode, on a free port of
127.0.0.1, speaking the S3 protocol over HTTP as AWS, MinIO or Garage do. Nothing leaves the
machine; each test gets its own bucket."""

import socket
import uuid

import boto3
import pytest

ACCESS_KEY = "tnl-test-key"
SECRET_KEY = "tnl-test-secret"
REGION = "eu-west-3"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A new, empty bucket; its objects are deleted after the test."""
    name = f"tnl-{uuid.uuid4().hex[:12]}"
    s3 = client(s3_endpoint)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield name
    for item in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=item["Key"])
    s3.delete_bucket(Bucket=name)


def storage(endpoint, bucket, location, file_overwrite=False):
    """The STORAGES entry settings.py builds for the bucket (TNL_FILE_STORAGE or
    TNL_PUBLISHED_STORAGE set to s3), on this test server."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "location": location,
            "addressing_style": "path",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": file_overwrite,
        },
    }


def keys(endpoint, bucket):
    return sorted(item["Key"] for item in client(endpoint).list_objects_v2(Bucket=bucket).get("Contents", []))


def body(endpoint, bucket, key):
    return client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()
