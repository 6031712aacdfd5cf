"""The first version of each privacy notice, in both official languages: written once, published by the
migration that creates the notices, and used again if a database lost them (a test flushing its tables).
Administrators publish later versions in the Django admin; never edit this text to change a notice."""

AUTHORITY_EN = (
    "Section 7 of the Financial Administration Act and the Directive on Privacy Practices, for the "
    "learning and networking activities of the National Managers' Community."
)
AUTHORITY_FR = (
    "L'article 7 de la Loi sur la gestion des finances publiques et la Directive sur les pratiques "
    "relatives à la protection de la vie privée, pour les activités d'apprentissage et de réseautage "
    "de la Communauté nationale des gestionnaires."
)
ACCESS_EN = (
    "You can see and download everything the portal holds about you under My account, and correct your "
    "profile there at any time. For anything else, or to ask under the Privacy Act, write to the "
    "address on the Contact us page."
)
ACCESS_FR = (
    "Vous pouvez consulter et télécharger tout ce que le portail détient à votre sujet sous Mon compte, "
    "et y corriger votre profil en tout temps. Pour toute autre demande, ou pour une demande en vertu de "
    "la Loi sur la protection des renseignements personnels, écrivez à l'adresse indiquée à la page "
    "Nous joindre."
)

NOTICES = {
    "account": {
        "purpose_en": "Your name, work email, department, region, position and language let you sign in, "
        "register for events and take part in communities, and let other members find you if you choose.",
        "purpose_fr": "Votre nom, votre courriel professionnel, votre ministère, votre région, votre poste "
        "et votre langue vous permettent de vous connecter, de vous inscrire aux événements et de participer "
        "aux communautés, et permettent aux autres membres de vous trouver si vous le choisissez.",
        "use_en": "Used by the portal to run your account and send the emails you asked for. Shown to other "
        "members only if you list yourself in the directory. Never sold or shared outside the NMC.",
        "use_fr": "Utilisés par le portail pour gérer votre compte et vous envoyer les courriels que vous "
        "avez demandés. Montrés aux autres membres seulement si vous figurez dans le répertoire. Jamais "
        "vendus ni communiqués à l'extérieur de la CNG.",
        "retention_en": "Kept while you use your account. After three years without a sign-in you are "
        "warned by email, and the account is erased 30 days later unless you sign in. "
        "You can delete it at any time.",
        "retention_fr": "Conservés tant que vous utilisez votre compte. Après trois ans sans connexion, vous "
        "êtes averti par courriel, et le compte est supprimé 30 jours plus tard à moins que vous vous "
        "connectiez. Vous pouvez le supprimer en tout temps.",
    },
    "event_registration": {
        "purpose_en": "Your registration, your workshop choices and any accessibility or dietary needs let "
        "the organizers plan the event, hold your seat and make the day work for you.",
        "purpose_fr": "Votre inscription, vos choix d'ateliers et vos besoins en matière d'accessibilité ou "
        "d'alimentation permettent à l'équipe organisatrice de planifier l'événement, de vous réserver une "
        "place et d'adapter la journée à vos besoins.",
        "use_en": "Seen by the event's organizers only. Accessibility and dietary needs are shared with the "
        "venue or caterer only as needed to meet them, without your name where possible.",
        "use_fr": "Vus par l'équipe organisatrice de l'événement seulement. Les besoins en matière "
        "d'accessibilité et d'alimentation ne sont communiqués au lieu ou au traiteur que dans la mesure "
        "nécessaire pour y répondre, sans votre nom lorsque c'est possible.",
        "retention_en": "Accessibility and dietary needs are removed 30 days after the event. The "
        "registration itself is kept with your account, for your certificate and your history.",
        "retention_fr": "Les besoins en matière d'accessibilité et d'alimentation sont supprimés 30 jours "
        "après l'événement. L'inscription elle-même est conservée avec votre compte, pour votre attestation "
        "et votre historique.",
    },
    "survey": {
        "purpose_en": "Your answers help the organizers improve events and shape the next agenda.",
        "purpose_fr": "Vos réponses aident l'équipe organisatrice à améliorer les événements et à bâtir le "
        "prochain programme.",
        "use_en": "Organizers see results and comments. When a survey is anonymous, your answers are never "
        "linked to your name, in any view or export.",
        "use_fr": "L'équipe organisatrice voit les résultats et les commentaires. Lorsqu'un sondage est "
        "anonyme, vos réponses ne sont jamais associées à votre nom, dans aucune vue ni aucune exportation.",
        "retention_en": "Kept as long as the event's results are kept; an anonymous answer cannot be traced "
        "back to you.",
        "retention_fr": "Conservées aussi longtemps que les résultats de l'événement ; une réponse anonyme "
        "ne peut pas être retracée jusqu'à vous.",
    },
    "report": {
        "purpose_en": "What you report lets moderators and administrators deal with a post, a barrier or a "
        "request, and reply to you.",
        "purpose_fr": "Ce que vous signalez permet aux modérateurs et aux administrateurs de traiter un "
        "message, un obstacle ou une demande, et de vous répondre.",
        "use_en": "Seen by the community's moderators (reports of posts) or the portal's administrators "
        "(accessibility reports). The author of a reported post is not told who reported it.",
        "use_fr": "Vus par les modérateurs de la communauté (signalements de messages) ou par les "
        "administrateurs du portail (signalements d'accessibilité). L'auteur d'un message signalé ne sait "
        "pas qui l'a signalé.",
        "retention_en": "Kept in the community's moderation record or the list of accessibility reports, so "
        "that repeated problems can be followed up; your name goes when your account is deleted.",
        "retention_fr": "Conservés dans le registre de modération de la communauté ou dans la liste des "
        "signalements d'accessibilité, pour assurer le suivi des problèmes répétés ; votre nom disparaît "
        "lorsque votre compte est supprimé.",
    },
}


def first_version(collection):
    """The fields of the collection's version 1."""
    return {
        **NOTICES[collection],
        "authority_en": AUTHORITY_EN,
        "authority_fr": AUTHORITY_FR,
        "access_en": ACCESS_EN,
        "access_fr": ACCESS_FR,
    }
