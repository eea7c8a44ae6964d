"""The held-out organisations of the search evaluation set, written by hand.

This set was written without any knowledge of the search rules (the code under
tadamun/search/ was not read), after the search had been tuned on entities.py. It is
used only to measure the search, never to tune it: a failure here is a finding, not a
case to fix by adding a rule or a word list entry for it.

The format is that of entities.py: an Arabic name with the Latin spellings Moroccan and
Tunisian registries, partner sheets and donor reports give it, a legal form, an activity
(a key of entities.ACTIVITIES), a town or region (a key of build.PLACES) and whether it is
a women's organisation. None of these Arabic names appears in entities.py, the demo
generator, the thesaurus or the place lists.

The last spelling of each entity is held out of the records and used only in queries.
"""

# ruff: noqa: E501

# (Arabic name, Latin spellings, legal form, activity, town, women's organisation)
ENTITIES = [
    ("الصباح", ["Assabah", "Es-Sbah", "Al Sabah"], "association", "childcare", "TN-51-SOUSSE", True),
    ("الشفق", ["Achafak", "Ech-Chafaq", "Ash-Shafaq"], "cooperative", "carpets", "MA-08", True),
    ("النرجس", ["Annarjis", "Ennarjes", "An-Narjis"], "cooperative", "cosmetics", "TN-21-NABEUL", True),
    ("البنفسج", ["Al Banafsaj", "El Benefsej", "Albanafsaj"], "association", "disability", "MA-RAB-RABAT", False),
    ("الزيزفون", ["Azzaizafoune", "Ez-Zayzafoun", "Az-Zayzafun"], "cooperative", "aromatic_herbs", "MA-05", False),
    ("السنديان", ["Assindiane", "Es-Sendiane", "As-Sindiyan"], "cooperative", "woodwork", "TN-31", False),
    ("الصفصاف", ["Assafsaf", "Es-Safsaf", "Essafsaf"], "association", "recycling", "TN-11-TUNIS", False),
    ("الدفلى", ["Addefla", "Ed-Defla", "Ad-Difla"], "gda", "water", "TN-42-KASSERINE", False),
    ("الأقحوان", ["Al Oukhouane", "El Okhowane", "Al Uqhuwan"], "cooperative", "embroidery", "MA-03", True),
    ("الزنبق", ["Azzanbak", "Ez-Zanbaq", "Al Zanbaq"], "cooperative", "soap", "MA-TET-TETOUAN", False),
    ("القرنفل", ["Al Karanfoul", "El Kronfel", "Alqaranfol"], "cooperative", "pastry", "TN-11-TUNIS-MEDINA", True),
    ("السرو", ["Assarou", "Es-Srou", "Al Sarw"], "cooperative", "woodwork", "MA-CHE-CHEFCHAOUEN", False),
    ("البلوط", ["Al Ballout", "El Bellout", "Alballout"], "cooperative", "livestock", "MA-05", False),
    ("العرعار", ["Al Araar", "El Arar", "Alaraar"], "cooperative", "honey", "MA-07", False),
    ("السدرة", ["Assidra", "Es-Sedra", "As-Sidra"], "smsa", "honey", "TN-31", False),
    ("الغصن", ["Al Ghousn", "El Ghosn", "Alghusn"], "cooperative", "olive_oil", "MA-03", False),
    ("الجذور", ["Al Jodour", "El Jdour", "Aljudhur"], "association", "literacy", "MA-HOC-ALHOCEIMA", True),
    ("الينبوع", ["Al Yanbouaa", "El Yanbou", "Alyanbu"], "gda", "water", "TN-33-LEKEF", False),
    ("الشلال", ["Achallal", "Ech-Chellal", "Ash-Shallal"], "association", "community_tourism", "MA-05", False),
    ("الغدير", ["Al Ghadir", "El Ghdir", "Alghadeer"], "cooperative", "dairy", "MA-BER-BERKANE", False),
    ("السحاب", ["Assahab", "Es-Sehab", "As-Sahab"], "social_enterprise", "digital", "MA-CAS-CASABLANCA", False),
    ("اللؤلؤة", ["Al Loulouaa", "El Louloua", "Al Lulua"], "cooperative", "jewellery", "TN-51-SOUSSE", False),
    ("الزمرد", ["Azzoumourrod", "Ez-Zmorrod", "Az-Zumurrud"], "cooperative", "jewellery", "MA-09", False),
    ("الفيروز", ["Al Fairouz", "El Fayrouz", "Alfairuz"], "association", "home_care", "TN-21-NABEUL", True),
    ("العنبر", ["Al Anbar", "El Ambar", "Alanbar"], "cooperative", "cosmetics", "MA-07", False),
    ("الحمامة", ["Al Hamama", "El Hmama", "Alhamama"], "association", "domestic_work", "MA-CAS-CASABLANCA", True),
    ("النورس", ["Annawras", "En-Nawres", "An-Nouras"], "cooperative", "fishing", "MA-HOC-ALHOCEIMA", False),
    ("الصقر", ["Assakr", "Es-Saqr", "As-Saqr"], "association", "training", "TN-42-KASSERINE", False),
    ("البلبل", ["Al Boulboul", "El Bolbol", "Albulbul"], "association", "childcare", "MA-TET-TETOUAN", True),
    ("الغزالة", ["Al Ghazala", "El Ghzala", "Alghazela"], "cooperative", "carpets", "TN-42-KASSERINE", True),
    ("الهلال", ["Al Hilal", "El Hlel", "Alhilal"], "cooperative", "couscous", "TN-31", True),
    ("الكوكب", ["Al Kawkab", "El Kaoukab", "Alkawkab"], "gie", "catering", "TN-51-SOUSSE", False),
    ("الثريا", ["Atthouraya", "Ethouraya", "Ath-Thurayya"], "association", "literacy", "TN-72-NEFTA", False),
    ("البدر", ["Al Badr", "El Bedr", "Albadr"], "cooperative", "dates", "TN-72-NEFTA", False),
    ("المجد", ["Al Majd", "El Mejd", "Almajd"], "cooperative", "olive_oil", "TN-51-SOUSSE", False),
    ("الإخاء", ["Al Ikhae", "El Ikha", "Alikhaa"], "association", "disability", "TN-23-BIZERTE", False),
    ("النقاء", ["Annakae", "En-Naqa", "An-Naqaa"], "cooperative", "soap", "TN-33-LEKEF", True),
    ("الشهامة", ["Achahama", "Ech-Chahama", "Ash-Shahama"], "association", "home_care", "MA-BER-BERKANE", False),
    ("المروءة", ["Al Mouroua", "El Mourouaa", "Almuruah"], "association", "disability", "MA-03", False),
    ("الثبات", ["Attabat", "Et-Thabet", "Ath-Thabat"], "cooperative", "fishing", "TN-23-RASJEBEL", False),
    ("السخاء", ["Assakhae", "Es-Sakha", "As-Sakhaa"], "gie", "catering", "MA-RAB-RABAT", False),
    ("العطاء", ["Al Ataa", "El Aata", "Alatae"], "association", "domestic_work", "TN-11-TUNIS", True),
    ("السكينة", ["Assakina", "Es-Sakina", "Al Sakina"], "association", "home_care", "MA-TNG-TANGER", True),
    ("الحرية", ["Al Hourria", "El Horria", "Alhurriya"], "association", "digital", "TN-11-TUNIS", False),
    ("الشموخ", ["Achoumoukh", "Ech-Chmoukh", "Ash-Shumukh"], "cooperative", "livestock", "MA-08", False),
    ("الكفاح", ["Al Kifah", "El Kefah", "Alkifah"], "cooperative", "market_gardening", "TN-23-RASJEBEL", False),
    ("التحدي", ["Attahaddi", "Et-Tahadi", "At-Tahaddi"], "social_enterprise", "recycling", "MA-TNG-TANGER", False),
    ("الابتكار", ["Al Ibtikar", "El Ibtikar", "Alibtikar"], "association", "solar_energy", "MA-09", False),
    ("الانطلاقة", ["Al Intilaka", "El Intilaqa", "Alintilaqa"], "gie", "sewing", "MA-TNG-TANGER", True),
    ("الارتقاء", ["Al Irtikae", "El Irtiqa", "Alirtiqaa"], "association", "training", "TN-11-TUNIS-MEDINA", False),
    ("الألفة", ["Al Oulfa", "El Olfa", "Alulfa"], "cooperative", "couscous", "MA-NAD-NADOR", True),
    ("البهجة", ["Al Bahja", "El Behja", "Albahja"], "cooperative", "pottery", "MA-07", False),
    ("القمة", ["Al Qimma", "El Kemma", "Alkimma"], "cooperative", "aromatic_herbs", "MA-CHE-CHEFCHAOUEN", False),
    ("الخضراء", ["Al Khadra", "El Khadhra", "Alkhadraa"], "smsa", "market_gardening", "TN-21-NABEUL", False),
    ("الموجة الزرقاء", ["Al Mouja Azzarqa", "El Mouja Ezzarka", "Al Mawja Al Zarqa"], "cooperative", "fishing", "TN-23-BIZERTE", False),
    ("الكلمة الطيبة", ["Al Kalima Attayiba", "El Kelma Ettayba", "Al Kalima Al Tayyiba"], "association", "literacy", "MA-RAB-RABAT", True),
    ("الهضبة", ["Al Hadaba", "El Hadhba", "Alhadba"], "gda", "livestock", "TN-33-LEKEF", False),
    ("تافسوت", ["Tafsout", "Tafsut", "Tafssout"], "cooperative", "argan", "MA-09", True),
    ("أفولكي", ["Afoulki", "Afulki", "Afoulky"], "cooperative", "weaving", "MA-05", True),
    ("تيفاوت", ["Tifaout", "Tifawt", "Tifaoute"], "association", "solar_energy", "MA-08", False),
    ("أنزار", ["Anzar", "Anzare", "Anzzar"], "association", "water", "MA-07", False),
    ("تيتريت", ["Titrit", "Titrite", "Tetrit"], "cooperative", "argan", "MA-07", True),
    ("إيدورار", ["Idourar", "Idurar", "Iddourar"], "association", "community_tourism", "MA-HOC-ALHOCEIMA", False),
    ("تامغارت", ["Tamghart", "Tamgart", "Tamrart"], "cooperative", "sewing", "MA-NAD-NADOR", True),
    ("أسكاس", ["Asgas", "Assegas", "Asggas"], "cooperative", "market_gardening", "MA-BER-BERKANE", False),
    ("أيور", ["Ayour", "Ayyur", "Aiyour"], "cooperative", "dairy", "MA-03", False),
    ("أسمون", ["Asmoun", "Asmun", "Assmoun"], "association", "training", "MA-09", False),
    ("تيموزغا", ["Timouzgha", "Timuzgha", "Timozgha"], "association", "literacy", "MA-03", True),
    ("تاوادا", ["Taouada", "Tawada", "Tawadda"], "cooperative", "weaving", "MA-08", True),
    ("أوسان", ["Oussane", "Ussan", "Ousane"], "cooperative", "dates", "MA-08", False),
]  # fmt: skip

# Near namesakes that share a consonant skeleton with an entity above but are other
# organisations: hard negatives (الماجد / Al Majid against المجد / Al Majd).
NAMESAKES = [
    ("الماجد", ["Al Majid", "El Majed"], "cooperative", "olive_oil", "TN-51-SOUSSE", False),
    ("الهلالية", ["Al Hilalia", "El Hlelia"], "association", "childcare", "TN-31", True),
    ("الكواكب", ["Al Kawakib", "El Kouakeb"], "association", "training", "TN-51-SOUSSE", False),
    ("المصباح", ["Al Misbah", "El Mesbah"], "association", "literacy", "TN-21-NABEUL", False),
    ("البدور", ["Al Boudour", "El Bdour"], "cooperative", "dates", "TN-72-NEFTA", True),
    ("الثروة", ["Atharwa", "Ettharwa"], "cooperative", "fishing", "TN-23-BIZERTE", False),
    ("المروة", ["Al Marwa", "El Maroua"], "association", "home_care", "MA-03", True),
    ("الصقور", ["Assokour", "Es-Sqour"], "association", "training", "TN-42-KASSERINE", False),
]  # fmt: skip
