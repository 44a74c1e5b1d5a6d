"""The association's test CA for development, the demo, the tests and the bench.

In production the signing key and its chain come from the association's CA or a commercial one
(docs/deploy.md); this module makes a stand-in with the same shape: a root CA (offline in
production), an ECDSA P-256 issuing CA under it that the portal holds, and the root's CRL. The
issuing CA certifies a key of its own for each issued PDF (certificates.signing), so that
revoking one certificate (已撤销) puts that PDF's key on the CRL the portal publishes.
No Django here: the test settings call it before apps are loaded.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ASSOCIATION = "广州市律师协会"
CRL_PATH = "/pki/association.crl"  # the issuing CA's: revoked documents, made by the portal
ROOT_CRL_PATH = "/pki/association-root.crl"  # the root's: revoked issuing CAs, made offline
CA_CERT_PATH = "/pki/association-ca.crt"
CRL_DAYS = 30
CRL_RENEW_DAYS = 7  # a CRL closer than this to its next update is re-issued


@dataclass(frozen=True)
class PkiFiles:
    directory: Path

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca.key.pem"

    @property
    def ca_cert(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def signing_key(self) -> Path:
        return self.directory / "signing.key.pem"

    @property
    def signing_cert(self) -> Path:
        return self.directory / "signing.pem"

    @property
    def crl(self) -> Path:
        """The root's CRL (revoked issuing CAs)."""
        return self.directory / "root.crl"

    @property
    def revoked(self) -> Path:
        """Serial numbers of revoked issuing CAs, one `serial date` a line."""
        return self.directory / "revoked.txt"

    def complete(self) -> bool:
        return all(path.exists() for path in (self.ca_key, self.ca_cert, self.signing_key, self.signing_cert, self.crl))

    def current_layout(self) -> bool:
        """Made by this version: the root allows one CA below it and the signing certificate is
        that issuing CA (an earlier layout signed with an end-entity certificate)."""
        root = x509.load_pem_x509_certificate(self.ca_cert.read_bytes())
        signing = x509.load_pem_x509_certificate(self.signing_cert.read_bytes())
        root_path = root.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length
        return bool(root_path) and signing.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(**granted) -> x509.KeyUsage:
    usages = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
              "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")  # fmt: skip
    return x509.KeyUsage(**{usage: granted.get(usage, False) for usage in usages})


def _write_key(path: Path, key) -> None:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _make_ca(files: PkiFiles, organisation: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"{organisation}电子证明根证书（测试）", organisation)
    start = now() - datetime.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_key(files.ca_key, key)
    files.ca_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _make_signing_cert(files: PkiFiles, organisation: str, base_url: str) -> None:
    """The issuing CA: certifies one key per issued PDF and signs the portal's document CRL."""
    ca_key = _load_key(files.ca_key)
    ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    start = now() - datetime.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{organisation}电子证明签发（测试）", organisation))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False)
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(base_url + ROOT_CRL_PATH)], None, None, None)]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier(base_url + CA_CERT_PATH),
                    )
                ]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_key(files.signing_key, key)
    files.signing_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def revoked_serials(files: PkiFiles) -> list[tuple[int, datetime.datetime]]:
    if not files.revoked.exists():
        return []
    entries = []
    for line in files.revoked.read_text().split("\n"):
        if line.strip():
            serial, when = line.split()
            entries.append((int(serial), datetime.datetime.fromisoformat(when)))
    return entries


def issue_crl(files: PkiFiles) -> None:
    """A fresh root CRL, signed by the root, listing the revoked issuing CAs."""
    ca_key = _load_key(files.ca_key)
    ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
    previous = x509.load_der_x509_crl(files.crl.read_bytes()) if files.crl.exists() else None
    number = 1 if previous is None else previous.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number + 1
    start = now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(start)
        .next_update(start + datetime.timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False)
    )
    for serial, when in revoked_serials(files):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    crl = builder.sign(ca_key, hashes.SHA256())
    files.crl.write_bytes(crl.public_bytes(serialization.Encoding.DER))


def crl_is_due(files: PkiFiles) -> bool:
    if not files.crl.exists():
        return True
    crl = x509.load_der_x509_crl(files.crl.read_bytes())
    return crl.next_update_utc - now() < datetime.timedelta(days=CRL_RENEW_DAYS)


def ensure_test_pki(directory: Path, base_url: str, organisation: str = ASSOCIATION) -> tuple[PkiFiles, list[str]]:
    """Create what is missing, re-issue the CRL when it is due; say what was done. Idempotent."""
    directory.mkdir(parents=True, exist_ok=True)
    files = PkiFiles(directory)
    done = []
    if files.complete() and not files.current_layout():
        files.ca_cert.unlink()  # an earlier layout: start again (development keys only)
    if not (files.ca_key.exists() and files.ca_cert.exists()):
        _make_ca(files, organisation)
        files.signing_cert.unlink(missing_ok=True)
        files.crl.unlink(missing_ok=True)
        files.revoked.unlink(missing_ok=True)
        done.append("CA")
    if not (files.signing_key.exists() and files.signing_cert.exists()):
        _make_signing_cert(files, organisation, base_url.rstrip("/"))
        done.append("issuing CA")
    if crl_is_due(files):
        issue_crl(files)
        done.append("CRL")
    return files, done


def revoke_signing_cert(files: PkiFiles, base_url: str, organisation: str = ASSOCIATION) -> int:
    """Put the current issuing CA on the root's CRL and make a new one; returns the revoked serial."""
    cert = x509.load_pem_x509_certificate(files.signing_cert.read_bytes())
    with files.revoked.open("a") as revoked:
        revoked.write(f"{cert.serial_number} {now().isoformat()}\n")
    _make_signing_cert(files, organisation, base_url.rstrip("/"))
    issue_crl(files)
    return cert.serial_number
