"""Public storage (CMS images, documents) and private storage (booking files)."""

from pathlib import Path


def storages_setting(
    *,
    bucket: str,
    endpoint_url: str | None,
    region: str | None,
    access_key: str | None,
    secret_key: str | None,
    public_domain: str | None,
    media_root: Path,
    private_root: Path,
    private_expiry: int,
    static_backend: str,
) -> dict:
    if bucket:
        common = {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "region_name": region,
            "access_key": access_key,
            "secret_key": secret_key,
            "file_overwrite": False,
            # Cloudflare R2 accepts only SigV4 presigned URLs.
            "signature_version": "s3v4",
        }
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "public",
                "querystring_auth": False,
                "custom_domain": public_domain,
            },
        }
        private = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": private_expiry,
            },
        }
    else:
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root)},
        }
        # base_url=None and a root outside MEDIA_ROOT: no URL ever serves these files;
        # downloads go through signed views in bookings/.
        private = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private_root), "base_url": None},
        }
    return {
        "default": default,
        "private": private,
        "staticfiles": {"BACKEND": static_backend},
    }
