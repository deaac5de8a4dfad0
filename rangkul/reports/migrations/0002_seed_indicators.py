from django.db import migrations

# The figures of the effectiveness report, in Indonesian (the language of the ministry and
# of most funders' Indonesian reporting). A programme edits names and definitions in the
# admin; `computation` names an entry of rangkul/reports/indicators.py.
INDICATORS = [
    ("orang-terjangkau", "Orang yang terjangkau layanan",
     "Jumlah orang berbeda yang memiliki kasus terbuka (di tingkat mana pun) selama periode.",
     "people_reached", ""),
    ("kasus-dibuka", "Kasus baru",
     "Jumlah kasus yang dibuka selama periode.", "cases_opened", ""),
    ("kasus-membaik", "Proporsi kasus ditutup dengan hasil membaik",
     "Kasus yang ditutup dengan hasil 'membaik' dibagi semua kasus yang ditutup dalam periode "
     "(minimal 5 kasus).", "closed_improved_share", ""),
    ("waktu-kontak-pertama", "Median waktu sampai kontak pertama (jam)",
     "Median jam dari permintaan bantuan sampai kontak pertama, untuk kasus yang dibuka dalam "
     "periode (minimal 5 permintaan).", "median_hours_to_first_contact", ""),
    ("eskalasi", "Eskalasi", "Jumlah kasus yang dinaikkan ke tingkat layanan lebih tinggi, "
     "termasuk penyerahan dari konselor sebaya ke konselor.", "escalations", ""),
    ("step-down", "Penurunan tingkat layanan",
     "Jumlah kasus yang diturunkan ke tingkat layanan lebih rendah.", "step_downs", ""),
    ("kegiatan", "Kegiatan layanan terlaksana",
     "Jumlah kegiatan berstatus selesai dalam periode.", "activities_done", ""),
    ("perubahan-reliabel", "Proporsi dengan perbaikan reliabel",
     "Orang dengan perbaikan reliabel (indeks perubahan reliabel Jacobson-Truax) antara "
     "skrining pertama dan terakhir, dari semua yang memiliki dua skrining pada kuesioner "
     "dengan data reliabilitas (minimal 5 orang).", "reliable_improvement_share", ""),
    ("kesepian", "Perubahan rata-rata skor kesepian (UCLA-3)",
     "Rata-rata perubahan skor UCLA-3 antara skrining pertama dan terakhir (minimal 5 orang); "
     "negatif berarti berkurang.", "loneliness_change", ""),
    ("rasio-konselor", "Sekolah dengan rasio konselor sesuai 1 : 150",
     "Jumlah organisasi yang setiap konselornya melayani paling banyak 150 siswa, dari semua "
     "organisasi dalam cakupan.", "organisations_within_ratio", "Permendikbud 111/2014"),
    ("sebaya-didengar", "Merasa didengar (konseling sebaya)",
     "Proporsi siswa yang merasa didengar setelah bertemu konselor sebaya, dari survei singkat "
     "setelah pertemuan.", "peer_felt_heard_rate", ""),
    ("sebaya-bicara-lagi", "Mau bicara lagi (konseling sebaya)",
     "Proporsi siswa yang mau bicara lagi dengan konselor sebaya, dari survei singkat setelah "
     "pertemuan.", "peer_talk_again_rate", ""),
    ("kompetensi-sebaya", "Perubahan kompetensi konselor sebaya",
     "Perubahan rata-rata skor penilaian diri kompetensi konselor sebaya antara awal dan akhir "
     "periode.", "peer_competency_change", ""),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for position, (code, name, definition, computation, source) in enumerate(INDICATORS):
        Indicator.objects.update_or_create(
            code=code,
            defaults={"name": name, "definition": definition, "computation": computation,
                      "source": source, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
