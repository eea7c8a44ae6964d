# ruff: noqa: E501 (trilingual demo texts)
"""Demo services for `tadamun demo`: what the Houses of SSE and their partners offer in
the programme's six territories, in Arabic, French and English.

Providers are the seeds' organisations (the MESS of Tangier, the Digital Lab of Dar Ben
Achour, UAF…) and a few local ones created here for the territories the seeds name
without an organisation (Nador, Berkane, Le Kef, Nefta). Loading twice changes nothing.
"""

from django.db import transaction

from tadamun.catalogue.models import Service
from tadamun.catalogue.services import service_create, service_update
from tadamun.demo.services import SEED_SOURCE
from tadamun.directory.models import Actor, ActorSource, LegalForm
from tadamun.directory.services import actor_save
from tadamun.places.models import Country
from tadamun.places.selectors import place_by_code

SOURCE = "tadamun-demo-catalogue"

# Local providers: key, legal form, place, names (ar, fr, en), phone.
PROVIDERS = [
    (
        "nador-microcredit",
        "association",
        "MA-NAD-NADOR",
        (
            "جمعية البركة للقروض الصغرى بالناظور",
            "Association Al Baraka de microcrédit de Nador",
            "Al Baraka Microcredit Association of Nador",
        ),
        "+212536600101",
    ),
    (
        "nador-incubator",
        "support_organisation",
        "MA-NAD-NADOR",
        (
            "حاضنة الناظور للمقاولات الاجتماعية",
            "Incubateur social de Nador",
            "Nador Social Incubator",
        ),
        "+212536600202",
    ),
    (
        "berkane-union",
        "network",
        "MA-BER-BERKANE",
        (
            "اتحاد التعاونيات الفلاحية ببركان",
            "Union des coopératives agricoles de Berkane",
            "Union of Agricultural Cooperatives of Berkane",
        ),
        "+212536610303",
    ),
    (
        "kef-nursery",
        "public_body",
        "TN-33-LEKEF",
        ("محضنة المؤسسات بالكاف", "Pépinière d'entreprises du Kef", "Le Kef Business Nursery"),
        "+21678200404",
    ),
    (
        "kef-women",
        "association",
        "TN-33-LEKEF",
        (
            "جمعية المرأة والتنمية بالكاف",
            "Association Femmes et Développement du Kef",
            "Women and Development Association of Le Kef",
        ),
        "+21678200505",
    ),
    (
        "nefta-centre",
        "association",
        "TN-72-NEFTA",
        (
            "مركز الموارد التضامنية بنفطة",
            "Centre de ressources solidaires de Nefta",
            "Nefta Solidarity Resource Centre",
        ),
        "+21676430606",
    ),
]

# provider key (seed or local), type, names, descriptions, audiences, languages,
# territories (place codes) and countries, free, cost, access, contact.
SERVICES = [
    {
        "key": "mess-reception",
        "provider": "mess",
        "type": "legal",
        "name": (
            "الشباك الوحيد: الاستقبال والإرشاد والتوجيه",
            "Guichet unique : accueil, information et orientation",
            "One-stop shop: reception, information and orientation",
        ),
        "description": (
            "استقبال حاملي المشاريع والتعاونيات والجمعيات، والإخبار بالمساطر الإدارية لإحداث تعاونية، والتوجيه نحو شركاء المواكبة والتمويل.",
            "Accueil des porteurs de projet, coopératives et associations ; information sur les démarches de création d'une coopérative ; orientation vers les partenaires d'accompagnement et de financement.",
            "Reception of project holders, cooperatives and associations; information on the steps to create a cooperative; orientation to support and financing partners.",
        ),
        "audiences": ["any"],
        "languages": ["ar", "fr", "tzm"],
        "territories": ["MA-01"],
        "access": (
            "بدون موعد، من الاثنين إلى الجمعة، من 9 إلى 16.",
            "Sans rendez-vous, du lundi au vendredi, de 9 h à 16 h.",
            "Walk in, Monday to Friday, 9 am to 4 pm.",
        ),
        "contact": ("Accueil de la MESS", "+212539372468", "mess.crtd@gmail.com"),
    },
    {
        "key": "mess-coaching",
        "provider": "mess",
        "type": "coaching",
        "name": (
            "مواكبة التعاونيات الناشئة",
            "Accompagnement des coopératives naissantes",
            "Coaching of new cooperatives",
        ),
        "description": (
            "مواكبة فردية لمدة ستة أشهر: الحكامة، التسيير المالي، مخطط العمل.",
            "Accompagnement individuel sur six mois : gouvernance, gestion financière, plan d'affaires.",
            "One-to-one coaching over six months: governance, financial management, business plan.",
        ),
        "audiences": ["cooperatives", "project_holders"],
        "languages": ["ar", "fr"],
        "territories": ["MA-TNG", "MA-TET"],
        "access": (
            "بعد التوجيه من الشباك الوحيد.",
            "Après orientation par le guichet unique.",
            "After orientation by the one-stop shop.",
        ),
        "contact": ("", "+212539372468", "mess.crtd@gmail.com"),
    },
    {
        "key": "uaf-marketing",
        "provider": "uaf",
        "type": "marketing",
        "name": (
            "مواكبة النساء في التسويق والمبيعات",
            "Coaching des femmes en commercialisation",
            "Marketing and sales coaching for women",
        ),
        "description": (
            "ورشات وتتبع فردي لتعاونيات النساء: التسعير، التغليف، المعارض، البيع عبر الإنترنت.",
            "Ateliers et suivi individuel des coopératives de femmes : prix, emballage, salons, vente en ligne.",
            "Workshops and one-to-one follow-up for women's cooperatives: pricing, packaging, fairs, selling online.",
        ),
        "audiences": ["women", "cooperatives"],
        "languages": ["ar", "fr"],
        "territories": ["MA-TNG", "MA-NAD"],
        "access": (
            "التسجيل لدى فرع الاتحاد.",
            "Inscription auprès de l'antenne de l'UAF.",
            "Register with the UAF branch.",
        ),
        "contact": ("Coordinatrice commercialisation", "", ""),
    },
    {
        "key": "ccis-training",
        "provider": "ccis",
        "type": "training",
        "name": (
            "تكوين في تسيير المقاولة",
            "Formation à la gestion d'entreprise",
            "Business management training",
        ),
        "description": (
            "دورات قصيرة في المحاسبة والتسيير والضرائب للمقاولات الصغرى والتعاونيات.",
            "Cycles courts de comptabilité, gestion et fiscalité pour les petites entreprises et coopératives.",
            "Short courses in bookkeeping, management and tax for small businesses and cooperatives.",
        ),
        "audiences": ["project_holders", "cooperatives"],
        "languages": ["ar", "fr"],
        "territories": ["MA-01"],
        "free": False,
        "cost": ("200 درهم للدورة", "200 MAD par cycle", "MAD 200 a course"),
        "access": (
            "التسجيل عبر موقع الغرفة.",
            "Inscription sur le site de la Chambre.",
            "Register on the Chamber's website.",
        ),
        "contact": ("", "", ""),
    },
    {
        "key": "nador-microcredit",
        "provider": "nador-microcredit",
        "type": "financing",
        "name": (
            "قروض صغرى للأنشطة المدرة للدخل",
            "Microcrédits pour activités génératrices de revenus",
            "Microloans for income-generating activities",
        ),
        "description": (
            "قروض من 3000 إلى 50000 درهم للنساء والشباب حاملي المشاريع، مع مواكبة في التسيير.",
            "Prêts de 3 000 à 50 000 MAD pour les femmes et les jeunes porteurs de projet, avec un suivi de gestion.",
            "Loans of MAD 3,000 to 50,000 for women and young project holders, with management follow-up.",
        ),
        "audiences": ["women", "youth", "project_holders"],
        "languages": ["ar", "tzm", "fr"],
        "territories": ["MA-NAD", "MA-DRI"],
        "free": False,
        "cost": (
            "فائدة حسب المبلغ والمدة",
            "Intérêts selon le montant et la durée",
            "Interest by amount and term",
        ),
        "access": (
            "ملف: البطاقة الوطنية ووصف المشروع.",
            "Dossier : CIN et description du projet.",
            "Application: national ID and a description of the project.",
        ),
        "contact": ("Guichet crédit", "+212536600101", ""),
    },
    {
        "key": "nador-incubation",
        "provider": "nador-incubator",
        "type": "workspace",
        "name": (
            "احتضان ومقر مشترك",
            "Incubation et espace partagé",
            "Incubation and shared workspace",
        ),
        "description": (
            "مكاتب مشتركة، قاعة اجتماعات، ربط بالإنترنت ومواكبة لمدة سنة للمقاولات الاجتماعية الناشئة.",
            "Bureaux partagés, salle de réunion, connexion et accompagnement d'un an pour les jeunes entreprises sociales.",
            "Shared desks, a meeting room, internet and a year of support for new social enterprises.",
        ),
        "audiences": ["youth", "project_holders"],
        "languages": ["ar", "fr", "tzm"],
        "territories": ["MA-02"],
        "access": (
            "دعوة للترشيح مرتين في السنة.",
            "Appel à candidatures deux fois par an.",
            "A call for applications twice a year.",
        ),
        "contact": ("", "+212536600202", "contact@incubateur-nador.example"),
    },
    {
        "key": "nador-digital",
        "provider": "nador-incubator",
        "type": "digital",
        "name": (
            "رقمنة التعاونيات: صفحة ومتجر إلكتروني",
            "Digitaliser sa coopérative : page et boutique en ligne",
            "Take your cooperative online: page and web shop",
        ),
        "description": (
            "ورشات عملية: صفحات التواصل الاجتماعي، التصوير، الأداء الإلكتروني، المتاجر الإلكترونية.",
            "Ateliers pratiques : réseaux sociaux, photos des produits, paiement en ligne, boutique en ligne.",
            "Hands-on workshops: social media, product photos, online payment, web shop.",
        ),
        "audiences": ["cooperatives", "women"],
        "languages": ["ar", "tzm"],
        "territories": ["MA-NAD"],
        "access": ("التسجيل بالهاتف.", "Inscription par téléphone.", "Register by phone."),
        "contact": ("", "+212536600202", ""),
    },
    {
        "key": "berkane-equipment",
        "provider": "berkane-union",
        "type": "equipment",
        "name": (
            "وحدة تثمين مشتركة للمنتجات الفلاحية",
            "Unité de valorisation partagée des produits agricoles",
            "Shared processing unit for farm products",
        ),
        "description": (
            "تجهيزات التجفيف والتعبئة والتلفيف رهن إشارة التعاونيات الأعضاء، مع الإرشاد في السلامة الصحية.",
            "Séchoir, conditionnement et emballage à la disposition des coopératives membres, avec conseil en hygiène.",
            "Drying, packing and packaging equipment for member cooperatives, with food-safety advice.",
        ),
        "audiences": ["cooperatives"],
        "languages": ["ar", "fr"],
        "territories": ["MA-BER"],
        "free": False,
        "cost": (
            "مساهمة حسب الكمية",
            "Participation selon les volumes",
            "A contribution by volume",
        ),
        "access": ("الانخراط في الاتحاد.", "Adhésion à l'Union.", "Membership of the Union."),
        "contact": ("", "+212536610303", ""),
    },
    {
        "key": "he-environment",
        "provider": "he",
        "type": "training",
        "name": (
            "تكوين في الاقتصاد الدائري والطاقات المتجددة",
            "Formation à l'économie circulaire et aux énergies renouvelables",
            "Training in the circular economy and renewable energy",
        ),
        "description": (
            "تدبير النفايات، إعادة التدوير، الطاقة الشمسية للوحدات الإنتاجية الصغيرة.",
            "Gestion des déchets, recyclage, énergie solaire pour les petites unités de production.",
            "Waste management, recycling, solar power for small production units.",
        ),
        "audiences": ["cooperatives", "youth"],
        "languages": ["ar", "fr"],
        "territories": ["MA-BER", "MA-NAD"],
        "access": (
            "حسب برنامج الدورات.",
            "Selon le calendrier des sessions.",
            "By the calendar of sessions.",
        ),
        "contact": ("", "", ""),
    },
    {
        "key": "kef-nursery",
        "provider": "kef-nursery",
        "type": "coaching",
        "name": (
            "مواكبة باعثي المشاريع",
            "Accompagnement des promoteurs",
            "Support for project promoters",
        ),
        "description": (
            "مساعدة في دراسة الجدوى ومخطط الأعمال والبحث عن التمويل، وإيواء لمدة سنتين.",
            "Aide à l'étude de faisabilité, au plan d'affaires et à la recherche de financement ; hébergement deux ans.",
            "Help with the feasibility study, business plan and finding funding; two years of hosting.",
        ),
        "audiences": ["project_holders", "youth"],
        "languages": ["ar", "fr"],
        "territories": ["TN-33"],
        "access": (
            "ملف ترشح لدى المحضنة.",
            "Dossier de candidature à la pépinière.",
            "An application to the nursery.",
        ),
        "contact": ("", "+21678200404", ""),
    },
    {
        "key": "kef-legal",
        "provider": "kef-women",
        "type": "legal",
        "name": (
            "مساعدة قانونية لإحداث الشركات التعاونية ومجامع التنمية",
            "Aide juridique à la création de SMSA et GDA",
            "Legal help to set up SMSA and GDA",
        ),
        "description": (
            "إعداد القانون الأساسي وملفات التسجيل وفق قانون الاقتصاد الاجتماعي والتضامني.",
            "Rédaction des statuts et dossiers d'enregistrement selon la loi sur l'ESS.",
            "Drafting statutes and registration files under the SSE law.",
        ),
        "audiences": ["women", "project_holders"],
        "languages": ["ar"],
        "territories": ["TN-33"],
        "access": ("بموعد.", "Sur rendez-vous.", "By appointment."),
        "contact": ("", "+21678200505", ""),
    },
    {
        "key": "kef-women-marketing",
        "provider": "kef-women",
        "type": "marketing",
        "name": ("سوق التضامن الشهري", "Marché solidaire mensuel", "Monthly solidarity market"),
        "description": (
            "فضاء بيع شهري لمنتجات النساء الحرفيات والفلاحات.",
            "Un marché chaque mois pour les produits des artisanes et agricultrices.",
            "A market every month for the products of women artisans and farmers.",
        ),
        "audiences": ["women"],
        "languages": ["ar"],
        "territories": ["TN-33"],
        "access": (
            "التسجيل قبل أسبوع.",
            "Inscription une semaine avant.",
            "Register a week before.",
        ),
        "contact": ("", "+21678200505", ""),
    },
    {
        "key": "nefta-network",
        "provider": "nefta-centre",
        "type": "networking",
        "name": (
            "شبكة الفاعلين في السياحة التضامنية",
            "Réseau des acteurs du tourisme solidaire",
            "Network of solidarity tourism actors",
        ),
        "description": (
            "لقاءات شهرية بين الجمعيات والتعاونيات ودور الضيافة في الواحة، وترويج مشترك.",
            "Rencontres mensuelles entre associations, coopératives et maisons d'hôtes de l'oasis ; promotion commune.",
            "Monthly meetings of the oasis's associations, cooperatives and guesthouses; joint promotion.",
        ),
        "audiences": ["any"],
        "languages": ["ar", "fr", "en"],
        "territories": ["TN-72"],
        "access": ("مفتوح للجميع.", "Ouvert à tous.", "Open to all."),
        "contact": ("", "+21676430606", ""),
    },
    {
        "key": "digitallab",
        "provider": "digitallab",
        "type": "digital",
        "name": (
            "المخبر الرقمي: تكوين وتجهيزات رقمية",
            "Digital Lab : formation et outils numériques",
            "Digital Lab: digital skills and tools",
        ),
        "description": (
            "تكوين في الأدوات الرقمية والتجارة الإلكترونية ونفاذ إلى الحواسيب والطابعات ثلاثية الأبعاد.",
            "Formation aux outils numériques et au commerce en ligne ; accès aux ordinateurs et imprimantes 3D.",
            "Training in digital tools and e-commerce; access to computers and 3D printers.",
        ),
        "audiences": ["youth", "women", "cooperatives"],
        "languages": ["ar", "fr", "en"],
        "territories": ["TN-11"],
        "access": (
            "التسجيل في الدورات عبر الموقع.",
            "Inscription aux sessions sur le site.",
            "Register for sessions on the website.",
        ),
        "contact": ("", "", ""),
    },
    {
        "key": "tcse-financing",
        "provider": "tcse",
        "type": "financing",
        "name": (
            "صندوق دعم المؤسسات الاجتماعية",
            "Fonds d'amorçage des entreprises sociales",
            "Seed fund for social enterprises",
        ),
        "description": (
            "منح أولية وقروض شرف للمؤسسات الاجتماعية والتضامنية في مرحلة الانطلاق بكامل التراب التونسي.",
            "Subventions d'amorçage et prêts d'honneur pour les entreprises sociales et solidaires qui démarrent, dans toute la Tunisie.",
            "Seed grants and honour loans for social and solidarity enterprises starting up, anywhere in Tunisia.",
        ),
        "audiences": ["project_holders", "youth"],
        "languages": ["ar", "fr", "en"],
        "countries": ["TN"],
        "access": (
            "دعوة سنوية للترشيح.",
            "Appel à candidatures annuel.",
            "An annual call for applications.",
        ),
        "contact": ("", "", ""),
    },
]


def _provider(key: str) -> Actor | None:
    for source in (SOURCE, SEED_SOURCE):
        found = ActorSource.objects.filter(source=source, source_id=key).select_related("actor")
        if found:
            return found[0].actor
    return None


def _local_providers() -> None:
    forms = {f.code: f for f in LegalForm.objects.all()}
    for key, form, place_code, (ar, fr, en), phone in PROVIDERS:
        actor = _provider(key) or Actor()
        place = place_by_code(place_code)
        actor.name_ar, actor.name_fr, actor.name_en = ar, fr, en
        actor.legal_form = forms[form]
        actor.country_id = place.country_id
        actor.place = place
        actor.latitude, actor.longitude = place.latitude, place.longitude
        actor.phone = phone
        actor_save(actor=actor, sources=[(SOURCE, key)])


@transaction.atomic
def demo_load_services() -> int:
    """Creates or refreshes the demo services; returns how many."""
    _local_providers()
    loaded = 0
    for record in SERVICES:
        provider = _provider(record["provider"])
        if provider is None:
            continue
        contact_name, phone, email = record["contact"]
        fields = {
            "provider": provider,
            "service_type": record["type"],
            "audiences": record["audiences"],
            "languages": record["languages"],
            "is_free": record.get("free", True),
            "contact_name": contact_name,
            "phone": phone,
            "email": email,
        }
        for field in ("name", "description", "access", "cost"):
            for language, text in zip(
                ("ar", "fr", "en"), record.get(field, ("", "", "")), strict=True
            ):
                fields[f"{field}_{language}"] = text
        territories = [place_by_code(code) for code in record.get("territories", [])]
        countries = list(Country.objects.filter(code__in=record.get("countries", [])))
        existing = Service.objects.filter(provider=provider, name_fr=fields["name_fr"]).first()
        if existing:
            service_update(
                service=existing, fields=fields, territories=territories, countries=countries
            )
        else:
            service_create(fields=fields, territories=territories, countries=countries)
        loaded += 1
    return loaded
