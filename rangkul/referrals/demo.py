"""Demo directory: a few providers kept by the first school, one of which (the demo
provider organisation, where `psikolog` works) takes referrals in Rangkul. Idempotent."""

from typing import Any

from rangkul.referrals.models import Channel, Provider, ProviderKind

ENTRIES: list[dict[str, Any]] = [
    {
        "name": "Biro Psikologi Sahabat Jiwa",
        "kind": ProviderKind.PSYCHOLOGIST,
        "services": ",counseling,assessment,psychotherapy,",
        "age_groups": ",adolescents,adults,",
        "regions": ",32.73,",
        "languages": ",id,su,",
        "costs": ",paid,",
        "hours": "Senin–Sabtu 09.00–17.00",
        "phone": "022 2000 1234",
        "capacity_per_month": 12,
        "channel": Channel.IN_RANGKUL,
    },
    {
        "name": "Puskesmas Sukajadi",
        "kind": ProviderKind.PUSKESMAS,
        "services": ",counseling,",
        "age_groups": ",children,adolescents,adults,",
        "regions": ",32.73.05,",
        "languages": ",id,su,",
        "costs": ",free,bpjs,",
        "hours": "Senin–Jumat 07.30–14.00",
        "phone": "022 2000 5678",
    },
    {
        "name": "UPTD PPA Kota Bandung",
        "kind": ProviderKind.UPTD_PPA,
        "services": ",child_protection,violence_support,legal_aid,shelter,",
        "age_groups": ",children,adolescents,adults,",
        "regions": ",32.73,",
        "languages": ",id,su,",
        "costs": ",free,",
        "hours": "Senin–Jumat 08.00–16.00",
        "phone": "022 2000 9012",
    },
    {
        "name": "Rumah Sakit Jiwa Provinsi (poliklinik remaja)",
        "kind": ProviderKind.HOSPITAL,
        "services": ",psychiatric_care,assessment,",
        "age_groups": ",adolescents,adults,",
        "regions": ",32,",
        "languages": ",id,",
        "costs": ",bpjs,paid,",
        "hours": "Senin–Jumat 08.00–14.00",
        "phone": "022 2000 3456",
    },
    {
        "name": "SAPA 129 (layanan pengaduan perempuan dan anak)",
        "kind": ProviderKind.HOTLINE,
        "services": ",child_protection,violence_support,crisis_line,",
        "age_groups": ",children,adolescents,adults,",
        "regions": "",
        "languages": ",id,",
        "costs": ",free,",
        "hours": "24 jam",
        "phone": "129",
    },
]


def seed(keeper: Any, provider_organisation: Any) -> None:
    for entry in ENTRIES:
        values = dict(entry)
        if values.get("channel") == Channel.IN_RANGKUL:
            values["provider_organisation"] = provider_organisation
        Provider.objects.update_or_create(
            organisation=keeper, name=values.pop("name"), defaults=values
        )
