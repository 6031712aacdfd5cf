"""Federal organizations a member can belong to: (code, English name, French name).

Codes are stable slugs stored on profiles; names follow the Federal Identity Program.
"""

from django.utils.translation import get_language

from nmc_portal.collation import alphabetical_key

DEPARTMENTS = (
    ("asc", "Accessibility Standards Canada", "Normes d'accessibilité Canada"),
    (
        "atssc",
        "Administrative Tribunals Support Service of Canada",
        "Service canadien d'appui aux tribunaux administratifs",
    ),
    ("aafc", "Agriculture and Agri-Food Canada", "Agriculture et Agroalimentaire Canada"),
    ("acoa", "Atlantic Canada Opportunities Agency", "Agence de promotion économique du Canada atlantique"),
    ("cbsa", "Canada Border Services Agency", "Agence des services frontaliers du Canada"),
    (
        "ced",
        "Canada Economic Development for Quebec Regions",
        "Développement économique Canada pour les régions du Québec",
    ),
    ("cer", "Canada Energy Regulator", "Régie de l'énergie du Canada"),
    ("cirb", "Canada Industrial Relations Board", "Conseil canadien des relations industrielles"),
    ("cra", "Canada Revenue Agency", "Agence du revenu du Canada"),
    ("csps", "Canada School of Public Service", "École de la fonction publique du Canada"),
    ("cwa", "Canada Water Agency", "Agence canadienne de l'eau"),
    (
        "ccohs",
        "Canadian Centre for Occupational Health and Safety",
        "Centre canadien d'hygiène et de sécurité au travail",
    ),
    ("ccg", "Canadian Coast Guard", "Garde côtière canadienne"),
    ("cfia", "Canadian Food Inspection Agency", "Agence canadienne d'inspection des aliments"),
    ("cgc", "Canadian Grain Commission", "Commission canadienne des grains"),
    ("pch", "Canadian Heritage", "Patrimoine canadien"),
    ("chrc", "Canadian Human Rights Commission", "Commission canadienne des droits de la personne"),
    ("chrt", "Canadian Human Rights Tribunal", "Tribunal canadien des droits de la personne"),
    ("cihr", "Canadian Institutes of Health Research", "Instituts de recherche en santé du Canada"),
    (
        "cics",
        "Canadian Intergovernmental Conference Secretariat",
        "Secrétariat des conférences intergouvernementales canadiennes",
    ),
    ("citt", "Canadian International Trade Tribunal", "Tribunal canadien du commerce extérieur"),
    (
        "cannor",
        "Canadian Northern Economic Development Agency",
        "Agence canadienne de développement économique du Nord",
    ),
    ("cnsc", "Canadian Nuclear Safety Commission", "Commission canadienne de sûreté nucléaire"),
    (
        "crtc",
        "Canadian Radio-television and Telecommunications Commission",
        "Conseil de la radiodiffusion et des télécommunications canadiennes",
    ),
    ("csis", "Canadian Security Intelligence Service", "Service canadien du renseignement de sécurité"),
    ("csa", "Canadian Space Agency", "Agence spatiale canadienne"),
    ("cta", "Canadian Transportation Agency", "Office des transports du Canada"),
    (
        "crcc",
        "Civilian Review and Complaints Commission for the RCMP",
        "Commission civile d'examen et de traitement des plaintes relatives à la GRC",
    ),
    (
        "cse",
        "Communications Security Establishment Canada",
        "Centre de la sécurité des télécommunications Canada",
    ),
    ("cb", "Copyright Board Canada", "Commission du droit d'auteur Canada"),
    ("csc", "Correctional Service Canada", "Service correctionnel Canada"),
    ("cas", "Courts Administration Service", "Service administratif des tribunaux judiciaires"),
    (
        "cirnac",
        "Crown-Indigenous Relations and Northern Affairs Canada",
        "Relations Couronne-Autochtones et Affaires du Nord Canada",
    ),
    ("fin", "Department of Finance Canada", "Ministère des Finances Canada"),
    ("jus", "Department of Justice Canada", "Ministère de la Justice Canada"),
    ("elections", "Elections Canada", "Élections Canada"),
    ("esdc", "Employment and Social Development Canada", "Emploi et Développement social Canada"),
    ("eccc", "Environment and Climate Change Canada", "Environnement et Changement climatique Canada"),
    ("fpcc", "Farm Products Council of Canada", "Conseil des produits agricoles du Canada"),
    (
        "fednor",
        "Federal Economic Development Agency for Northern Ontario",
        "Agence fédérale de développement économique pour le Nord de l'Ontario",
    ),
    (
        "feddev",
        "Federal Economic Development Agency for Southern Ontario",
        "Agence fédérale de développement économique pour le Sud de l'Ontario",
    ),
    (
        "fpslreb",
        "Federal Public Sector Labour Relations and Employment Board",
        "Commission des relations de travail et de l'emploi dans le secteur public fédéral",
    ),
    (
        "fcac",
        "Financial Consumer Agency of Canada",
        "Agence de la consommation en matière financière du Canada",
    ),
    (
        "fintrac",
        "Financial Transactions and Reports Analysis Centre of Canada",
        "Centre d'analyse des opérations et déclarations financières du Canada",
    ),
    ("dfo", "Fisheries and Oceans Canada", "Pêches et Océans Canada"),
    ("gac", "Global Affairs Canada", "Affaires mondiales Canada"),
    ("hc", "Health Canada", "Santé Canada"),
    (
        "hicc",
        "Housing, Infrastructure and Communities Canada",
        "Logement, Infrastructures et Collectivités Canada",
    ),
    (
        "irb",
        "Immigration and Refugee Board of Canada",
        "Commission de l'immigration et du statut de réfugié du Canada",
    ),
    ("ircc", "Immigration, Refugees and Citizenship Canada", "Immigration, Réfugiés et Citoyenneté Canada"),
    ("iaac", "Impact Assessment Agency of Canada", "Agence d'évaluation d'impact du Canada"),
    ("isc", "Indigenous Services Canada", "Services aux Autochtones Canada"),
    (
        "ised",
        "Innovation, Science and Economic Development Canada",
        "Innovation, Sciences et Développement économique Canada",
    ),
    (
        "ijc",
        "International Joint Commission (Canadian Section)",
        "Commission mixte internationale (section canadienne)",
    ),
    ("lcc", "Law Commission of Canada", "Commission du droit du Canada"),
    ("ldc", "Leaders' Debates Commission", "Commission des débats des chefs"),
    ("lac", "Library and Archives Canada", "Bibliothèque et Archives Canada"),
    (
        "mgerc",
        "Military Grievances External Review Committee",
        "Comité externe d'examen des griefs militaires",
    ),
    (
        "mpcc",
        "Military Police Complaints Commission of Canada",
        "Commission d'examen des plaintes concernant la police militaire du Canada",
    ),
    ("nbc", "National Battlefields Commission", "Commission des champs de bataille nationaux"),
    ("dnd", "National Defence", "Défense nationale"),
    ("nfb", "National Film Board of Canada", "Office national du film du Canada"),
    ("nrc", "National Research Council Canada", "Conseil national de recherches Canada"),
    (
        "nsira",
        "National Security and Intelligence Review Agency",
        "Office de surveillance des activités en matière de sécurité nationale et de renseignement",
    ),
    ("nrcan", "Natural Resources Canada", "Ressources naturelles Canada"),
    (
        "nserc",
        "Natural Sciences and Engineering Research Council of Canada",
        "Conseil de recherches en sciences naturelles et en génie du Canada",
    ),
    ("npa", "Northern Pipeline Agency Canada", "Administration du pipe-line du Nord Canada"),
    ("oag", "Office of the Auditor General of Canada", "Bureau du vérificateur général du Canada"),
    (
        "fja",
        "Office of the Commissioner for Federal Judicial Affairs Canada",
        "Commissariat à la magistrature fédérale Canada",
    ),
    ("ocl", "Office of the Commissioner of Lobbying of Canada", "Commissariat au lobbying du Canada"),
    ("ocol", "Office of the Commissioner of Official Languages", "Commissariat aux langues officielles"),
    ("oci", "Office of the Correctional Investigator", "Bureau de l'enquêteur correctionnel"),
    ("oic", "Office of the Information Commissioner of Canada", "Commissariat à l'information du Canada"),
    ("ico", "Office of the Intelligence Commissioner", "Bureau du commissaire au renseignement"),
    (
        "opc",
        "Office of the Privacy Commissioner of Canada",
        "Commissariat à la protection de la vie privée du Canada",
    ),
    (
        "psic",
        "Office of the Public Sector Integrity Commissioner of Canada",
        "Commissariat à l'intégrité du secteur public du Canada",
    ),
    ("osgg", "Office of the Secretary to the Governor General", "Bureau du secrétaire du gouverneur général"),
    (
        "osfi",
        "Office of the Superintendent of Financial Institutions",
        "Bureau du surintendant des institutions financières",
    ),
    ("pacifican", "Pacific Economic Development Canada", "Développement économique Canada pour le Pacifique"),
    ("pc", "Parks Canada Agency", "Agence Parcs Canada"),
    ("pbc", "Parole Board of Canada", "Commission des libérations conditionnelles du Canada"),
    ("pmprb", "Patented Medicine Prices Review Board", "Conseil d'examen du prix des médicaments brevetés"),
    ("polar", "Polar Knowledge Canada", "Savoir polaire Canada"),
    (
        "prairiescan",
        "Prairies Economic Development Canada",
        "Développement économique Canada pour les Prairies",
    ),
    ("pco", "Privy Council Office", "Bureau du Conseil privé"),
    ("phac", "Public Health Agency of Canada", "Agence de la santé publique du Canada"),
    ("ppsc", "Public Prosecution Service of Canada", "Service des poursuites pénales du Canada"),
    ("ps", "Public Safety Canada", "Sécurité publique Canada"),
    ("psc", "Public Service Commission of Canada", "Commission de la fonction publique du Canada"),
    ("pspc", "Public Services and Procurement Canada", "Services publics et Approvisionnement Canada"),
    ("rcmp-erc", "RCMP External Review Committee", "Comité externe d'examen de la GRC"),
    ("rcmp", "Royal Canadian Mounted Police", "Gendarmerie royale du Canada"),
    (
        "nsicop",
        "Secretariat of the National Security and Intelligence Committee of Parliamentarians",
        "Secrétariat du Comité des parlementaires sur la sécurité nationale et le renseignement",
    ),
    ("ssc", "Shared Services Canada", "Services partagés Canada"),
    (
        "sshrc",
        "Social Sciences and Humanities Research Council of Canada",
        "Conseil de recherches en sciences humaines du Canada",
    ),
    ("statcan", "Statistics Canada", "Statistique Canada"),
    ("scc", "Supreme Court of Canada", "Cour suprême du Canada"),
    ("tc", "Transport Canada", "Transports Canada"),
    ("tsb", "Transportation Safety Board of Canada", "Bureau de la sécurité des transports du Canada"),
    ("tbs", "Treasury Board of Canada Secretariat", "Secrétariat du Conseil du Trésor du Canada"),
    ("vac", "Veterans Affairs Canada", "Anciens Combattants Canada"),
    ("vrab", "Veterans Review and Appeal Board", "Tribunal des anciens combattants (révision et appel)"),
    ("wage", "Women and Gender Equality Canada", "Femmes et Égalité des genres Canada"),
)

_BY_CODE = {code: (en, fr) for code, en, fr in DEPARTMENTS}


def department_name(code, language=None):
    """The organization's name in the given (or active) language; '' for an unknown code."""
    names = _BY_CODE.get(code)
    if names is None:
        return ""
    language = (language or get_language() or "en")[:2]
    return names[1] if language == "fr" else names[0]


def department_choices(language=None):
    """(code, name) pairs sorted by name in the given (or active) language, for a <select>."""
    language = (language or get_language() or "en")[:2]
    index = 2 if language == "fr" else 1
    return sorted(((row[0], row[index]) for row in DEPARTMENTS), key=lambda pair: alphabetical_key(pair[1]))
