# ruff: noqa: E501 (the questionnaire's sentences are kept whole, one a line)
"""The default "cooperative needs diagnostic", shared by every mechanism.

The detection of needs the programmes' documents describe for existing and new
cooperatives (governance, finances, production, sales, digitalisation, legal status), read
with their gender, care and circular-economy lens and their aim of decent work. Each
question is written in Arabic, French and English; each choice says its points. A data
migration installs version 1 (`install`), and `tadamun demo` makes sure it is there.

Text: (Arabic, French, English). A choice: (Arabic, French, English, points). A number
question's choices have a threshold: (Arabic, French, English, points, at least).
"""

SLUG = "cooperative-needs"

TITLE = (
    "تشخيص حاجيات التعاونية",
    "Diagnostic des besoins de la coopérative",
    "Cooperative needs diagnostic",
)
INTRO = (
    "يُملأ هذا التشخيص مع أعضاء التعاونية أو المجموعة أو حامل المشروع، في حوار لا في "
    "امتحان: لا توجد أجوبة خاطئة. يساعدنا على معرفة نقاط القوة وما يحتاج إلى دعم، "
    "لاقتراح التكوينات والمواكبة المناسبة. يمكن ترك سؤال دون جواب إذا لم تكن المعلومة "
    "متوفرة.",
    "Ce diagnostic se remplit avec les membres de la coopérative, du groupe ou avec la "
    "porteuse ou le porteur de projet, comme une conversation et non comme un examen : il "
    "n'y a pas de mauvaise réponse. Il aide à voir les forces et ce qui a besoin d'appui, "
    "pour proposer les formations et l'accompagnement qui conviennent. Une question peut "
    "rester sans réponse si l'information manque.",
    "This diagnostic is filled in with the members of the cooperative or group, or with "
    "the project holder, as a conversation rather than an exam: there is no wrong answer. "
    "It shows the strengths and what needs support, so that the right trainings and "
    "accompaniment can be proposed. A question can be left unanswered if the information "
    "is not at hand.",
)

YES_NO = (("نعم", "Oui", "Yes", 1), ("لا", "Non", "No", 0))
SCALE_HELP = (
    "من 1 (إطلاقاً) إلى 5 (تماماً).",
    "De 1 (pas du tout) à 5 (tout à fait).",
    "From 1 (not at all) to 5 (fully).",
)


def q(kind, dimension, text, choices=(), help=("", "", ""), weight=1):
    return {
        "kind": kind,
        "dimension": dimension,
        "weight": weight,
        "text": text,
        "help": SCALE_HELP if kind == "scale" and not any(help) else help,
        "choices": YES_NO if kind == "yes_no" and not choices else choices,
    }


SECTIONS = [
    {
        "title": ("المنظمة", "L'organisation", "The organisation"),
        "intro": (
            "بعض المعلومات للتعرف على المنظمة؛ لا تُحتسب في النقاط.",
            "Quelques informations pour faire connaissance ; elles ne comptent dans aucun score.",
            "A few facts to get to know the organisation; they count towards no score.",
        ),
        "questions": [
            q(
                "short_text",
                "",
                (
                    "ما هو النشاط الرئيسي للمنظمة؟",
                    "Quelle est l'activité principale de l'organisation ?",
                    "What is the organisation's main activity?",
                ),
            ),
            q(
                "number",
                "",
                (
                    "كم عدد أعضاء المنظمة؟ (العدد الإجمالي)",
                    "Combien de membres compte-t-elle ? (nombre total)",
                    "How many members does it have? (total number)",
                ),
            ),
            q(
                "long_text",
                "",
                (
                    "ما الذي تودون تحسينه أكثر خلال السنة المقبلة؟",
                    "Que souhaitez-vous le plus améliorer dans l'année qui vient ?",
                    "What would you most like to improve in the coming year?",
                ),
            ),
        ],
    },
    {
        "title": ("الحكامة", "Gouvernance", "Governance"),
        "intro": (
            "كيف تُتخذ القرارات وكيف يشارك فيها الأعضاء.",
            "Comment les décisions sont prises et comment les membres y participent.",
            "How decisions are made and how the members take part in them.",
        ),
        "questions": [
            q(
                "single",
                "governance",
                (
                    "كم مرة تنعقد الجمعية العامة؟",
                    "À quelle fréquence l'assemblée générale se réunit-elle ?",
                    "How often does the general assembly meet?",
                ),
                (
                    (
                        "لم تنعقد منذ التأسيس",
                        "Jamais depuis la création",
                        "Never since it was created",
                        0,
                    ),
                    ("أقل من مرة في السنة", "Moins d'une fois par an", "Less than once a year", 1),
                    (
                        "مرة في السنة كما ينص النظام الأساسي",
                        "Une fois par an, comme le prévoient les statuts",
                        "Once a year, as the statutes require",
                        2,
                    ),
                    ("أكثر من مرة في السنة", "Plus d'une fois par an", "More than once a year", 3),
                ),
            ),
            q(
                "yes_no",
                "governance",
                (
                    "هل تُدوَّن القرارات ومحاضر الاجتماعات وتُحفظ؟",
                    "Les décisions et les procès-verbaux des réunions sont-ils écrits et conservés ?",
                    "Are decisions and the minutes of meetings written down and kept?",
                ),
            ),
            q(
                "scale",
                "governance",
                (
                    "إلى أي حد يشارك جميع الأعضاء في اتخاذ القرارات؟",
                    "Dans quelle mesure tous les membres participent-ils aux décisions ?",
                    "To what extent do all the members take part in decisions?",
                ),
            ),
            q(
                "yes_no",
                "governance",
                (
                    "هل أدوار ومسؤوليات كل عضو واضحة ومعروفة لدى الجميع؟",
                    "Les rôles et responsabilités de chaque membre sont-ils clairs et connus de tous ?",
                    "Are the roles and responsibilities of each member clear and known to all?",
                ),
            ),
        ],
    },
    {
        "title": ("المالية", "Finances", "Finances"),
        "intro": (
            "مسك الحسابات، والتكاليف، والولوج إلى التمويل.",
            "La tenue des comptes, les coûts et l'accès au financement.",
            "Bookkeeping, costs and access to financing.",
        ),
        "questions": [
            q(
                "single",
                "finances",
                (
                    "كيف تُمسك الحسابات؟",
                    "Comment les comptes sont-ils tenus ?",
                    "How are the accounts kept?",
                ),
                (
                    ("لا توجد أي سجلات", "Il n'y a aucun relevé", "There are no records", 0),
                    (
                        "دفتر للمداخيل والمصاريف",
                        "Un cahier des recettes et des dépenses",
                        "A notebook of income and expenses",
                        1,
                    ),
                    ("محاسبة منتظمة", "Une comptabilité régulière", "Regular bookkeeping", 2),
                    (
                        "حسابات يمسكها محاسب وتصادق عليها الجمعية العامة",
                        "Des comptes tenus par un comptable et approuvés par l'assemblée générale",
                        "Accounts kept by an accountant and approved by the general assembly",
                        3,
                    ),
                ),
            ),
            q(
                "yes_no",
                "finances",
                (
                    "هل تعرفون سعر تكلفة منتوجكم أو خدمتكم الرئيسية؟",
                    "Connaissez-vous le prix de revient de votre principal produit ou service ?",
                    "Do you know the cost price of your main product or service?",
                ),
            ),
            q(
                "yes_no",
                "finances",
                (
                    "هل للمنظمة حساب بنكي أو بريدي باسمها؟",
                    "L'organisation a-t-elle un compte bancaire ou postal à son nom ?",
                    "Does the organisation have a bank or postal account in its own name?",
                ),
            ),
            q(
                "single",
                "finances",
                (
                    "هل حصلت المنظمة على تمويل (قرض صغير، منحة، قرض بنكي) خلال السنتين الأخيرتين؟",
                    "L'organisation a-t-elle obtenu un financement (microcrédit, subvention, prêt) ces deux dernières années ?",
                    "Has the organisation obtained financing (microcredit, grant, loan) in the last two years?",
                ),
                (
                    (
                        "لا، ولا نعرف أين نطلبه",
                        "Non, et nous ne savons pas où le demander",
                        "No, and we do not know where to ask",
                        0,
                    ),
                    (
                        "لا، لكننا نعرف الإمكانيات المتاحة",
                        "Non, mais nous connaissons les possibilités",
                        "No, but we know the options",
                        1,
                    ),
                    ("نعم، مرة واحدة", "Oui, une fois", "Yes, once", 2),
                    (
                        "نعم، ونسدد أو نقدم التقارير دون صعوبة",
                        "Oui, et nous remboursons ou rendons compte sans difficulté",
                        "Yes, and we repay or report on it without difficulty",
                        3,
                    ),
                ),
            ),
            q(
                "number",
                "finances",
                (
                    "كم شهراً تستطيع المنظمة الاستمرار بمدخراتها دون مداخيل جديدة؟",
                    "Combien de mois l'organisation pourrait-elle tenir avec son épargne, sans nouvelle recette ?",
                    "For how many months could the organisation keep going on its savings, with no new income?",
                ),
                (
                    ("أقل من شهر", "Moins d'un mois", "Less than a month", 0, 0),
                    ("من شهر إلى شهرين", "Un à deux mois", "One to two months", 1, 1),
                    ("من ثلاثة إلى خمسة أشهر", "Trois à cinq mois", "Three to five months", 2, 3),
                    ("ستة أشهر أو أكثر", "Six mois ou plus", "Six months or more", 3, 6),
                ),
            ),
        ],
    },
    {
        "title": ("الإنتاج", "Production", "Production"),
        "intro": (
            "الوسائل، والانتظام، والجودة.",
            "Les moyens, la régularité et la qualité.",
            "Means, regularity and quality.",
        ),
        "questions": [
            q(
                "scale",
                "production",
                (
                    "ما مدى انتظام الإنتاج على مدار السنة؟",
                    "La production est-elle régulière tout au long de l'année ?",
                    "How steady is production throughout the year?",
                ),
            ),
            q(
                "yes_no",
                "production",
                (
                    "هل تتوفرون على المعدات والمقر اللذين يحتاجهما النشاط؟",
                    "Disposez-vous du matériel et du local dont l'activité a besoin ?",
                    "Do you have the equipment and the premises the activity needs?",
                ),
            ),
            q(
                "single",
                "production",
                (
                    "كيف تراقبون جودة منتجاتكم؟",
                    "Comment contrôlez-vous la qualité de vos produits ?",
                    "How do you check the quality of your products?",
                ),
                (
                    ("لا توجد مراقبة", "Il n'y a pas de contrôle", "There is no check", 0),
                    ("كل عضو بمفرده", "Chaque membre de son côté", "Each member on their own", 1),
                    (
                        "قواعد مشتركة متفق عليها داخل المجموعة",
                        "Des règles communes convenues dans le groupe",
                        "Common rules the group agreed on",
                        2,
                    ),
                    (
                        "إجراءات مكتوبة أو علامة أو شهادة (ترخيص صحي، منتوج عضوي...)",
                        "Des procédures écrites, un label ou une certification (agrément sanitaire, bio…)",
                        "Written procedures, a label or a certification (health approval, organic…)",
                        3,
                    ),
                ),
            ),
            q(
                "yes_no",
                "production",
                (
                    "هل تستطيعون تلبية طلبية أكبر من المعتاد؟",
                    "Pourriez-vous honorer une commande plus grande que d'habitude ?",
                    "Could you fill an order larger than usual?",
                ),
            ),
        ],
    },
    {
        "title": ("التسويق والمبيعات", "Commercialisation et ventes", "Marketing and sales"),
        "intro": (
            "أين وكيف تبيعون، ولمن.",
            "Où et comment vous vendez, et à qui.",
            "Where and how you sell, and to whom.",
        ),
        "questions": [
            q(
                "multiple",
                "marketing",
                (
                    "أين تبيعون منتجاتكم أو خدماتكم؟",
                    "Où vendez-vous vos produits ou services ?",
                    "Where do you sell your products or services?",
                ),
                (
                    (
                        "السوق المحلي أو الأسبوعي",
                        "Au marché ou au souk",
                        "At the market or souk",
                        1,
                    ),
                    (
                        "نقطة بيع خاصة بكم",
                        "Dans votre propre point de vente",
                        "In a shop of your own",
                        1,
                    ),
                    (
                        "في المعارض والتظاهرات",
                        "Dans les foires et salons",
                        "At fairs and exhibitions",
                        1,
                    ),
                    (
                        "عند المحلات أو الموزعين",
                        "Par des commerces ou des revendeurs",
                        "Through shops or resellers",
                        1,
                    ),
                    ("عبر الإنترنت", "En ligne", "Online", 1),
                    (
                        "لمشترين مؤسساتيين (فنادق، مطاعم جماعية...)",
                        "À des acheteurs institutionnels (hôtels, cantines…)",
                        "To institutional buyers (hotels, canteens…)",
                        1,
                    ),
                ),
            ),
            q(
                "yes_no",
                "marketing",
                (
                    "هل لمنتجاتكم اسم وشعار وتغليف خاص بها؟",
                    "Vos produits ont-ils un nom, un logo et un emballage qui leur sont propres ?",
                    "Do your products have a name, a logo and packaging of their own?",
                ),
            ),
            q(
                "scale",
                "marketing",
                (
                    "إلى أي حد تعرفون زبناءكم وما يطلبونه؟",
                    "Dans quelle mesure connaissez-vous vos clients et ce qu'ils demandent ?",
                    "How well do you know your customers and what they ask for?",
                ),
            ),
            q(
                "single",
                "marketing",
                (
                    "كيف تحددون أسعاركم؟",
                    "Comment fixez-vous vos prix ?",
                    "How do you set your prices?",
                ),
                (
                    ("لا نعرف بالضبط", "Nous ne savons pas vraiment", "We do not really know", 0),
                    ("مثل ما يفعله الآخرون", "Comme les autres", "Like the others do", 1),
                    ("انطلاقاً من تكاليفنا", "À partir de nos coûts", "From our costs", 2),
                    (
                        "انطلاقاً من تكاليفنا ومما يقبل الزبناء دفعه",
                        "À partir de nos coûts et de ce que les clients acceptent de payer",
                        "From our costs and what customers are willing to pay",
                        3,
                    ),
                ),
            ),
        ],
    },
    {
        "title": ("الرقمنة", "Numérique", "Digital"),
        "intro": (
            "استعمال الأدوات الرقمية والتحكم فيها.",
            "L'usage des outils numériques, et leur maîtrise.",
            "Using digital tools, and being in control of them.",
        ),
        "questions": [
            q(
                "single",
                "digital",
                (
                    "من يستعمل الهاتف الذكي أو الحاسوب لعمل المنظمة؟",
                    "Qui utilise un smartphone ou un ordinateur pour le travail de l'organisation ?",
                    "Who uses a smartphone or a computer for the organisation's work?",
                ),
                (
                    ("لا أحد", "Personne", "Nobody", 0),
                    ("عضو واحد", "Un seul membre", "One member", 1),
                    ("عدة أعضاء", "Plusieurs membres", "Several members", 2),
                    ("أغلب الأعضاء", "La plupart des membres", "Most members", 3),
                ),
            ),
            q(
                "multiple",
                "digital",
                (
                    "فيمَ تستعملون الأدوات الرقمية؟",
                    "Pour quoi utilisez-vous les outils numériques ?",
                    "What do you use digital tools for?",
                ),
                (
                    (
                        "التواصل مع الزبناء (واتساب...)",
                        "Échanger avec les clients (WhatsApp…)",
                        "Talking with customers (WhatsApp…)",
                        1,
                    ),
                    (
                        "صفحة على شبكات التواصل الاجتماعي",
                        "Une page sur les réseaux sociaux",
                        "A page on social networks",
                        1,
                    ),
                    (
                        "البيع أو تلقي الطلبيات عبر الإنترنت",
                        "Vendre ou prendre des commandes en ligne",
                        "Selling or taking orders online",
                        1,
                    ),
                    (
                        "مسك الحسابات أو المخزون",
                        "Tenir les comptes ou le stock",
                        "Keeping the accounts or the stock",
                        1,
                    ),
                    (
                        "الأداء أو التوصل بالأموال عبر الهاتف أو البطاقة",
                        "Payer ou être payé par téléphone ou par carte",
                        "Paying or being paid by phone or card",
                        1,
                    ),
                ),
            ),
            q(
                "yes_no",
                "digital",
                (
                    "هل تتحكم المنظمة في حساباتها الرقمية وكلمات المرور وبياناتها (وليس فقط هاتف شخص واحد)؟",
                    "L'organisation garde-t-elle la main sur ses comptes en ligne, ses mots de passe et ses données (pas seulement le téléphone d'une personne) ?",
                    "Does the organisation keep control of its online accounts, passwords and data (not just one person's phone)?",
                ),
            ),
            q(
                "scale",
                "digital",
                (
                    "ما مدى ارتياح الأعضاء في استعمال الأدوات الرقمية؟",
                    "Les membres sont-ils à l'aise avec les outils numériques ?",
                    "How comfortable are the members with digital tools?",
                ),
            ),
        ],
    },
    {
        "title": ("الوضع القانوني", "Statut juridique", "Legal status"),
        "intro": (
            "الصفة القانونية، والتراخيص، والتصريحات، والحماية الاجتماعية.",
            "Le statut, les autorisations, les déclarations et la protection sociale.",
            "Status, authorisations, declarations and social protection.",
        ),
        "questions": [
            q(
                "single",
                "legal",
                (
                    "ما الوضع القانوني للمنظمة؟",
                    "Quelle est la situation juridique de l'organisation ?",
                    "What is the organisation's legal situation?",
                ),
                (
                    (
                        "مجموعة غير مهيكلة بدون صفة قانونية",
                        "Un groupe informel, sans statut",
                        "An informal group, with no legal status",
                        0,
                    ),
                    (
                        "في طور التأسيس (الملف مودع)",
                        "En cours de création (dossier déposé)",
                        "Being set up (papers filed)",
                        1,
                    ),
                    (
                        "مسجلة (تعاونية، جمعية، مجموعة ذات نفع اقتصادي، شركة تعاونية فلاحية...)",
                        "Enregistrée (coopérative, association, GIE, SMSA…)",
                        "Registered (cooperative, association, GIE, SMSA…)",
                        2,
                    ),
                    (
                        "مسجلة ووثائقها محيَّنة",
                        "Enregistrée, et ses documents sont à jour",
                        "Registered, with its papers up to date",
                        3,
                    ),
                ),
            ),
            q(
                "yes_no",
                "legal",
                (
                    "هل تتوفرون على التراخيص التي يتطلبها نشاطكم (صحية، تجارية...)؟",
                    "Avez-vous les autorisations que votre activité demande (sanitaires, commerciales…) ?",
                    "Do you have the authorisations your activity requires (health, trade…)?",
                ),
            ),
            q(
                "yes_no",
                "legal",
                (
                    "هل تُقدَّم التصريحات الضريبية والاجتماعية في آجالها؟",
                    "Les déclarations fiscales et sociales sont-elles faites dans les délais ?",
                    "Are the tax and social declarations made on time?",
                ),
            ),
            q(
                "single",
                "legal",
                (
                    "كم من الأعضاء العاملين يتمتعون بالحماية الاجتماعية (الضمان الاجتماعي، التغطية الصحية)؟",
                    "Parmi les membres qui y travaillent, combien ont une protection sociale (sécurité sociale, assurance maladie) ?",
                    "Of the members who work in it, how many have social protection (social security, health insurance)?",
                ),
                (
                    ("لا أحد", "Aucun", "None", 0),
                    ("بعضهم", "Quelques-uns", "Some", 1),
                    ("أغلبهم", "La plupart", "Most", 2),
                    ("جميعهم", "Tous", "All", 3),
                ),
                weight=2,
            ),
        ],
    },
    {
        "title": ("المساواة بين النساء والرجال", "Égalité femmes-hommes", "Gender equality"),
        "intro": (
            "مكانة النساء في القرار والعمل والدخل.",
            "La place des femmes dans les décisions, le travail et les revenus.",
            "Women's place in decisions, work and income.",
        ),
        "questions": [
            q(
                "single",
                "gender",
                (
                    "هل توجد نساء في هيئات التسيير (المجلس الإداري، الإدارة)؟",
                    "Y a-t-il des femmes dans les instances de direction (conseil, gérance) ?",
                    "Are there women in the leading bodies (board, management)?",
                ),
                (
                    ("لا توجد أي امرأة", "Aucune femme", "No woman", 0),
                    (
                        "بعض النساء، بنسبة أقل من نسبتهن بين الأعضاء",
                        "Quelques femmes, moins qu'elles ne le sont parmi les membres",
                        "Some women, fewer than among the members",
                        1,
                    ),
                    (
                        "بنسبة تساوي نسبتهن بين الأعضاء أو تفوقها",
                        "Autant ou plus qu'elles ne le sont parmi les membres",
                        "As many as among the members, or more",
                        2,
                    ),
                ),
            ),
            q(
                "yes_no",
                "gender",
                (
                    "هل تتقاضى النساء والرجال الأجر نفسه عن العمل نفسه؟",
                    "Les femmes et les hommes reçoivent-ils la même rémunération pour le même travail ?",
                    "Do women and men receive the same pay for the same work?",
                ),
            ),
            q(
                "scale",
                "gender",
                (
                    "هل تشارك العضوات في اتخاذ القرارات بقدر مشاركة الأعضاء الرجال؟",
                    "Les femmes membres participent-elles aux décisions autant que les hommes ?",
                    "Do women members take part in decisions as much as men?",
                ),
            ),
            q(
                "yes_no",
                "gender",
                (
                    "هل استفاد الأعضاء من تكوين أو لقاء تبادلي حول المساواة بين النساء والرجال؟",
                    "Des membres ont-ils suivi une formation ou un échange sur l'égalité femmes-hommes ?",
                    "Have members taken part in a training or an exchange on gender equality?",
                ),
            ),
        ],
    },
    {
        "title": (
            "البيئة والاقتصاد الدائري",
            "Environnement et économie circulaire",
            "Environment and circular economy",
        ),
        "intro": (
            "النفايات، والموارد، والمواد الأولية.",
            "Les déchets, les ressources et les matières premières.",
            "Waste, resources and raw materials.",
        ),
        "questions": [
            q(
                "single",
                "environment",
                (
                    "ماذا تفعلون بنفاياتكم ومخلفات الإنتاج؟",
                    "Que deviennent vos déchets et vos sous-produits ?",
                    "What happens to your waste and by-products?",
                ),
                (
                    ("تُرمى", "Ils sont jetés", "They are thrown away", 0),
                    ("يُفرز جزء منها", "Une partie est triée", "Part of them is sorted", 1),
                    (
                        "يُعاد استعمال أغلبها أو يُباع أو يُحوَّل إلى سماد",
                        "La plupart sont réutilisés, vendus ou compostés",
                        "Most are reused, sold or composted",
                        2,
                    ),
                ),
            ),
            q(
                "yes_no",
                "environment",
                (
                    "هل تقتنون المواد الأولية محلياً أو من منظمات أخرى للاقتصاد الاجتماعي والتضامني؟",
                    "Achetez-vous vos matières premières localement ou à d'autres structures de l'ESS ?",
                    "Do you buy your raw materials locally or from other SSE organisations?",
                ),
            ),
            q(
                "scale",
                "environment",
                (
                    "ما مدى حرصكم على اقتصاد الماء والطاقة؟",
                    "Dans quelle mesure veillez-vous à économiser l'eau et l'énergie ?",
                    "How careful are you to save water and energy?",
                ),
            ),
            q(
                "yes_no",
                "environment",
                (
                    "هل تستعملون تغليفاً قليلاً أو قابلاً لإعادة الاستعمال أو التدوير؟",
                    "Utilisez-vous peu d'emballages, ou des emballages réutilisables ou recyclables ?",
                    "Do you use little packaging, or packaging that is reusable or recyclable?",
                ),
            ),
        ],
    },
    {
        "title": ("الرعاية", "Soin et conciliation", "Care"),
        "intro": (
            "التوفيق بين العمل ورعاية الأطفال والأقارب، والتضامن داخل المجموعة.",
            "Concilier le travail et le soin des enfants et des proches ; la solidarité dans le groupe.",
            "Combining work with caring for children and relatives; solidarity within the group.",
        ),
        "questions": [
            q(
                "yes_no",
                "care",
                (
                    "هل يستطيع الأعضاء تكييف أوقات عملهم مع مسؤولياتهم العائلية (الأطفال، كبار السن أو المرضى من الأقارب)؟",
                    "Les membres peuvent-ils adapter leurs horaires à leurs responsabilités familiales (enfants, proches âgés ou malades) ?",
                    "Can members adapt their working hours to their family responsibilities (children, elderly or sick relatives)?",
                ),
            ),
            q(
                "single",
                "care",
                (
                    "عندما يضطر عضو إلى رعاية طفل أو قريب، كيف تتصرف المجموعة؟",
                    "Quand un membre doit s'occuper d'un enfant ou d'un proche, comment le groupe fait-il ?",
                    "When a member has to look after a child or a relative, what does the group do?",
                ),
                (
                    (
                        "يفقد عمله أو دخله",
                        "Il ou elle perd son travail ou son revenu",
                        "They lose their work or income",
                        0,
                    ),
                    (
                        "يُدبَّر الأمر حالة بحالة",
                        "On s'arrange au cas par cas",
                        "It is sorted out case by case",
                        1,
                    ),
                    (
                        "قواعد مشتركة أو تعويض أو صندوق تضامن",
                        "Des règles communes, un remplacement ou une caisse de solidarité",
                        "Shared rules, a replacement or a solidarity fund",
                        2,
                    ),
                ),
            ),
            q(
                "scale",
                "care",
                (
                    "هل يترك عبء العمل للأعضاء وقتاً كافياً للراحة؟",
                    "La charge de travail laisse-t-elle aux membres assez de temps de repos ?",
                    "Does the workload leave members enough time to rest?",
                ),
            ),
            q(
                "yes_no",
                "care",
                (
                    "هل توفر المنظمة أو تعرف حلاً لرعاية أطفال الأعضاء أثناء العمل أو التكوينات؟",
                    "L'organisation offre-t-elle ou connaît-elle une solution de garde d'enfants pendant le travail ou les formations ?",
                    "Does the organisation offer or know of childcare for members' children during work or trainings?",
                ),
            ),
        ],
    },
]


def _three(prefix: str, values) -> dict:
    return dict(zip((f"{prefix}_ar", f"{prefix}_fr", f"{prefix}_en"), values, strict=True))


def install(Questionnaire, QuestionnaireVersion, VersionTransition, Section, Question, Choice):
    """Creates the platform-wide questionnaire and its published version 1, unless it
    exists. Takes the models (historical ones in a migration)."""
    from decimal import Decimal

    from django.utils import timezone

    if Questionnaire.objects.filter(mechanism__isnull=True, slug=SLUG).exists():
        return False
    questionnaire = Questionnaire.objects.create(
        mechanism=None, slug=SLUG, **_three("title", TITLE), **_three("intro", INTRO)
    )
    now = timezone.now()
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=1, status="published", published_at=now
    )
    VersionTransition.objects.create(version=version, from_status="", to_status="draft", at=now)
    VersionTransition.objects.create(
        version=version, from_status="draft", to_status="published", at=now
    )
    for s_position, data in enumerate(SECTIONS, start=1):
        section = Section.objects.create(
            version=version,
            position=s_position,
            **_three("title", data["title"]),
            **_three("intro", data["intro"]),
        )
        for q_position, item in enumerate(data["questions"], start=1):
            question = Question.objects.create(
                section=section,
                position=q_position,
                kind=item["kind"],
                dimension=item["dimension"],
                weight=item["weight"],
                **_three("text", item["text"]),
                **_three("help", item["help"]),
            )
            Choice.objects.bulk_create(
                [
                    Choice(
                        question=question,
                        position=c_position,
                        points=choice[3],
                        at_least=Decimal(choice[4]) if len(choice) > 4 else None,
                        **_three("label", choice[:3]),
                    )
                    for c_position, choice in enumerate(item["choices"], start=1)
                ]
            )
    return True


def install_current() -> bool:
    """`install` with the current models (for `tadamun demo` and the tests)."""
    from tadamun.diagnostics import models

    return install(
        models.Questionnaire,
        models.QuestionnaireVersion,
        models.VersionTransition,
        models.Section,
        models.Question,
        models.Choice,
    )
