"""Shapes of the candidate 2026.12.31 (decision 0078), each in sentences written for these
tests: a farewell letter hidden where it will be found or written while waiting to be
alone, a date chosen so that a sister will not be sad, not wanting to reach one's birthday,
brakes let go "so it ends", wanting to follow a dead father, "see you in heaven", a cable
wound round the wrist until it turns purple, a blade taken out and the door locked, skin
picked off the fingers until they bleed, a boyfriend who treads on a foot until it bleeds,
"don't tell, nobody will believe you", a relative who comes into the writer's bed when the
mother is asleep, dragged off and beaten, beaten with a ladle until bruised, a threat to
send the first photos, cuts that are getting deeper, a present "these three days" in
Banyumasan over a past habit; at concern, a racing heart and wet palms, nobody who talks to
the writer, a fall filmed and uploaded, a song sung while pointing at the writer, a
boyfriend who sets the hour to be home, one cracker a day for a contest, a father who pushes
the mother over. Each has an everyday sentence beside it that must stay below the level it
would be given: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku sudah nulis surat buat ibu, aku selipkan di lemari, besok pasti ketemu",
        "saya sudah menulis surat untuk ayah dan menyimpannya di tas, tinggal menunggu rumah sepi",
        "udah gue tentuin harinya, abis wisuda kakak biar dia gak sedih",
        "aku gak mau sampai di umur 17",
        "rasane pengin ngeculke rem nang turunan ben rampung",
        "aku mau nyusul ayah yang sudah meninggal",
        "sampai jumpa di surga ya, ma",
        "aku iket karet ke pergelangan kenceng banget sampai biru",
        "silet udah aku ambil dari laci, kamar udah aku kunci",
        "aku cabutin kulit jari sampai berdarah tiap malam",
        "pacarku nginjek kakiku pakai sepatu sampai berdarah",
        "jangan bilang siapa-siapa, gak ada yang bakal percaya sama kamu, katanya",
        "om masuk ke kasur aku pas ibu sudah tidur",
        "mereka nyeret aku ke gudang terus aku dipukuli",
        "ayah mukul aku pakai gesper sampai lebam",
        "he wants more pictures or he will send the old ones to my mum",
        "the cuts are getting deeper every week",
        "pas SD aku sering digebug bapak, saiki dina iki digebug maning",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku sudah nulis surat buat ibu untuk hari ibu, aku selipkan di kado",
        "udah kita tentuin harinya buat bukber, biar semua bisa datang",
        "aku gak sabar sampai di umur 17",
        "pas turunan aku lepas gas biar motornya pelan",
        "sampai jumpa di sekolah besok ya",
        "aku iket rambut kenceng sebelum main voli",
        "gunting udah aku ambil buat prakarya",
        "tadi PJOK bela diri, aku dibanting teman ke matras",
        "kakak ngehajar aku di PS semalam",
        "kaosku bolong kena setrika, disetrika kelamaan",
        "tadi aku menyayat bilah bambu buat layang-layang",
        "laper banget rasanya mau mati, kantin belum buka",
        "dia ngancem mau nyebarin spoiler ending film",
        "tugas ini ssh banget, gue gak ngerti",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "tiap ulangan jantung aku berdebar kencang, telapak tangan basah",
        "gak ada yang ngajak ngobrol aku di kelas",
        "ada yang upload video aku jatuh di lapangan",
        "mereka nyanyi keras-keras sambil nunjuk aku",
        "cowokku ngatur aku harus pulang jam 6",
        "aku cuma makan roti satu sehari biar kurus buat lomba",
        "bapa ngadorong ema dugi ka labuh",
        "they made a group chat without me to plan how to prank me",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "aku upload video kucing jatuh dari kursi",
        "mereka nyanyi keras-keras di kelas",
        "mamaku ngatur jadwal les aku",
        "aku makan roti satu pagi ini",
        "my cousin made a group chat for the trip",
    ],
)
def test_everyday_sentences_beside_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE
