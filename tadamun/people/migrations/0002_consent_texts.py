"""The first version of the consent texts, one per purpose, in Arabic, French and English.

Written to be read aloud to the person as much as read by them: who keeps the data, for
what, for how long, and how to withdraw, get a copy or have it erased. A later version is
a new row (version 2…), never an edit of this one: consents point to the words agreed to.
"""

from django.db import migrations

TEXTS = {
    "accompaniment": {
        "ar": (
            "يحتفظ فريق آلية الدعم هذه بملف عنك: اسمك، ووسائل الاتصال بك، ومكان سكنك، "
            "وسنة ميلادك، وملاحظات عن الدعم الذي تتلقاه، والوثائق التي تقدمها لنا. "
            "نستعمله فقط لإخبارك وتوجيهك ومرافقة مشروعك. لا يطلع عليه إلا فريق هذه "
            "الآلية، ولا يُباع ولا يُعطى لأي جهة أخرى، والأرقام التي ننشرها عن عملنا لا "
            "تذكر الأسماء أبداً. نحتفظ به ثلاث سنوات بعد آخر تواصل بيننا، ثم نمحوه أو "
            "نزيل منه كل ما يدل عليك. يمكنك في أي وقت، مجاناً ودون ذكر السبب، أن تطلب "
            "الاطلاع على بياناتك أو نسخة منها أو تصحيحها أو محوها، أو أن تسحب هذه "
            "الموافقة: يكفي أن تخبر أي فرد من فريقنا. إذا سحبتها نتوقف عن استعمال ملفك."
        ),
        "fr": (
            "L'équipe de ce dispositif d'appui tient un dossier à votre sujet : votre nom, "
            "vos coordonnées, votre lieu de vie, votre année de naissance, des notes sur "
            "l'accompagnement que vous recevez et les documents que vous nous confiez. Nous "
            "l'utilisons uniquement pour vous informer, vous orienter et accompagner votre "
            "projet. Seule l'équipe de ce dispositif y a accès ; il n'est jamais vendu ni "
            "donné à personne, et les chiffres que nous publions sur notre travail ne "
            "montrent jamais de noms. Nous le gardons trois ans après notre dernier contact, "
            "puis nous l'effaçons ou retirons tout ce qui vous identifie. À tout moment, "
            "gratuitement et sans donner de raison, vous pouvez demander à voir vos données "
            "ou en recevoir une copie, les faire corriger ou effacer, ou retirer ce "
            "consentement : dites-le à n'importe quel membre de notre équipe. Si vous le "
            "retirez, nous cessons d'utiliser votre dossier."
        ),
        "en": (
            "The staff of this support mechanism keep a record about you: your name, your "
            "contact details, where you live, your year of birth, notes on the support you "
            "receive and the documents you give us. We use it only to inform you, guide you "
            "and accompany your project. Only this mechanism's staff can see it; it is never "
            "sold or given to anyone, and the figures we publish about our work never show "
            "names. We keep it for three years after our last contact, then erase it or "
            "remove everything that identifies you. At any time, free of charge and without "
            "giving a reason, you can ask to see your data or get a copy of it, have it "
            "corrected or erased, or withdraw this consent: tell any member of our staff. If "
            "you withdraw it, we stop using your record."
        ),
    },
    "contact": {
        "ar": (
            "نود أن نرسل إليك أخبار آلية الدعم هذه، وطلبات المشاريع، والتكوينات، "
            "والدعوات، عبر الهاتف أو الرسائل القصيرة أو واتساب أو البريد الإلكتروني، "
            "باستعمال وسائل الاتصال المسجلة في ملفك. لا يستعملها لهذا الغرض إلا فريق هذه "
            "الآلية. نتوقف متى طلبت ذلك: أخبر فريقنا أو أجب على أي رسالة منا. تُحفظ "
            "بياناتك ما دام ملفك محفوظاً، ويمكنك دائماً طلب نسخة منها أو محوها."
        ),
        "fr": (
            "Nous aimerions vous envoyer les nouvelles de ce dispositif d'appui, ses appels "
            "à projets, formations et invitations, par téléphone, SMS, WhatsApp ou "
            "courriel, aux coordonnées de votre dossier. Seule l'équipe de ce dispositif "
            "les utilise, pour cela. Nous arrêtons dès que vous le demandez : dites-le à "
            "notre équipe ou répondez à n'importe lequel de nos messages. Vos coordonnées "
            "sont gardées aussi longtemps que votre dossier, et vous pouvez toujours en "
            "demander une copie ou l'effacement."
        ),
        "en": (
            "We would like to send you this support mechanism's news, calls for projects, "
            "trainings and invitations, by phone, text message, WhatsApp or e-mail, using "
            "the contact details in your record. Only this mechanism's staff use them, and "
            "only for this. We stop as soon as you ask: tell our staff or reply to any of "
            "our messages. Your details are kept as long as your record is, and you can "
            "always ask for a copy of them or for their erasure."
        ),
    },
    "publication": {
        "ar": (
            "نود أن نحكي قصة مشروعك في تقاريرنا وموقعنا وشبكات التواصل الاجتماعي، بالصور "
            "والفيديو، مع ذكر اسمك وإظهار صورتك. لا يُنشر شيء من ذلك دون هذه الموافقة. "
            "يمكنك سحبها في أي وقت بإخبار فريقنا: نحذف ما نشرناه على الإنترنت خلال شهر، "
            "ونمحو الصور والفيديوهات التي لم تُنشر بعد؛ أما ما طُبع فلا يمكن استرجاعه."
        ),
        "fr": (
            "Nous aimerions raconter l'histoire de votre projet dans nos rapports, sur notre "
            "site et sur les réseaux sociaux, en photos et en vidéos, avec votre nom et "
            "votre image. Rien de cela n'est publié sans ce consentement. Vous pouvez le "
            "retirer à tout moment en le disant à notre équipe : nous retirons ce qui est en "
            "ligne dans un délai d'un mois et effaçons les photos et vidéos pas encore "
            "publiées ; ce qui a été imprimé ne peut pas être rappelé."
        ),
        "en": (
            "We would like to tell the story of your project in our reports, on our website "
            "and on social networks, in photos and videos, with your name and your image. "
            "Nothing of this is published without this consent. You can withdraw it at any "
            "time by telling our staff: we take down what is online within a month and "
            "erase the photos and videos not yet published; what was printed cannot be "
            "recalled."
        ),
    },
}


def texts_add(apps, schema_editor):
    ConsentText = apps.get_model("people", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text_ar": text["ar"], "text_fr": text["fr"], "text_en": text["en"]},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(texts_add, migrations.RunPython.noop)]
