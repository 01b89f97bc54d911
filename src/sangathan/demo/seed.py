"""What the demo is made of, from the seed report: the posts of each level, the mandals of
कानपुर महानगर उत्तर and its sibling district with their localities, the names people have, and
the office-bearers the report names. Data only; ``plan`` turns it into an organisation."""

from __future__ import annotations

from sangathan.people.models import Gender

SEED = 2021  # the year of the meeting in the seed report
DISTRICT_CODE = "KNP-N"
SIBLING_CODE = "KNP-S"

F, M = Gender.FEMALE.value, Gender.MALE.value


# --- Posts per level: (code, Hindi, English, seats, at least this many women) ------------------

POSTS: dict[str, list[tuple[str, str, str, int, int]]] = {
    "District": [
        ("president", "अध्यक्ष", "President", 1, 0),
        ("vice-president", "उपाध्यक्ष", "Vice-president", 6, 0),
        ("general-secretary", "महामंत्री", "General secretary", 3, 0),
        ("secretary", "मंत्री", "Secretary", 6, 2),
        ("treasurer", "कोषाध्यक्ष", "Treasurer", 1, 0),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("it", "आईटी प्रभारी", "IT in-charge", 1, 0),
    ],
    "Mandal": [
        ("president", "अध्यक्ष", "President", 1, 0),
        ("general-secretary", "महामंत्री", "General secretary", 2, 0),
        ("secretary", "मंत्री", "Secretary", 3, 1),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("it", "आईटी प्रभारी", "IT in-charge", 1, 0),
    ],
    "Shakti Kendra": [
        ("convenor", "संयोजक", "Convenor", 1, 0),
        ("in-charge", "प्रभारी", "In-charge", 1, 0),
    ],
    "Booth": [
        ("booth-president", "बूथ अध्यक्ष", "Booth president", 1, 0),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("booth-worker", "बूथ स्तरीय कार्यकर्ता", "Booth-level worker", 10, 0),
    ],
}

# --- Places ------------------------------------------------------------------------------------

# (code, Hindi, English, assembly constituency number, localities (Hindi, English))
NORTH_MANDALS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("KNN-GN", "गोविंद नगर", "Govind Nagar", 212, [
        ("दादा नगर", "Dada Nagar"), ("रतन लाल नगर", "Ratan Lal Nagar"), ("दबौली", "Dabauli"),
        ("फजलगंज", "Fazalganj"), ("नेहरू नगर", "Nehru Nagar"), ("विजय नगर", "Vijay Nagar"),
        ("गुजैनी", "Gujaini"), ("हरि नगर", "Hari Nagar"),
    ]),
    ("KNN-KN", "किदवई नगर", "Kidwai Nagar", 215, [
        ("साकेत नगर", "Saket Nagar"), ("जूही", "Juhi"), ("बसंत विहार", "Basant Vihar"),
        ("गोपाल नगर", "Gopal Nagar"), ("जरौली", "Jarauli"), ("बाबूपुरवा", "Babupurwa"),
        ("हंसपुरम", "Hanspuram"), ("रामपुरम", "Rampuram"),
    ]),
    ("KNN-AN", "आर्य नगर", "Arya Nagar", 214, [
        ("तिलक नगर", "Tilak Nagar"), ("गुमटी नंबर 5", "Gumti No. 5"), ("पी रोड", "P Road"),
        ("लाजपत नगर", "Lajpat Nagar"), ("बेनाझाबर", "Benajhabar"), ("कौशलपुरी", "Kaushalpuri"),
        ("गांधी नगर", "Gandhi Nagar"), ("जवाहर नगर", "Jawahar Nagar"),
    ]),
    ("KNN-SN", "स्वरूप नगर", "Swaroop Nagar", 214, [
        ("आज़ाद नगर", "Azad Nagar"), ("मोतीझील", "Motijheel"), ("खलासी लाइन", "Khalasi Line"),
        ("ग्वालटोली", "Gwaltoli"), ("विष्णुपुरी", "Vishnupuri"), ("सिविल लाइंस", "Civil Lines"),
        ("पांडु नगर", "Pandu Nagar"), ("काकादेव", "Kakadeo"),
    ]),
    ("KNN-KP", "कल्याणपुर", "Kalyanpur", 211, [
        ("आवास विकास", "Awas Vikas"), ("पनकी", "Panki"), ("शारदा नगर", "Sharda Nagar"),
        ("इंदिरा नगर", "Indira Nagar"), ("गीता नगर", "Geeta Nagar"), ("बारासिरोही", "Barasirohi"),
        ("मसवानपुर", "Maswanpur"), ("सत्यम विहार", "Satyam Vihar"),
    ]),
    ("KNN-RP", "रावतपुर", "Rawatpur", 211, [
        ("रावतपुर गांव", "Rawatpur Gaon"), ("केशवपुरम", "Keshavpuram"), ("विकास नगर", "Vikas Nagar"),
        ("लखनपुर", "Lakhanpur"), ("मैनावती मार्ग", "Mainavati Marg"), ("गूबा गार्डन", "Guba Garden"),
        ("सरस्वती नगर", "Saraswati Nagar"), ("नारायणपुरी", "Narayanpuri"),
    ]),
    ("KNN-NG", "नवाबगंज", "Nawabganj", 213, [
        ("पुराना कानपुर", "Purana Kanpur"), ("ख्योरा", "Khyora"), ("गंगा बैराज", "Ganga Barrage"),
        ("कंपनी बाग", "Company Bagh"), ("आनंद नगर", "Anand Nagar"), ("शांति नगर", "Shanti Nagar"),
        ("सुभाष नगर", "Subhash Nagar"), ("राम नगर", "Ram Nagar"),
    ]),
    ("KNN-SM", "सीसामऊ", "Sisamau", 213, [
        ("सीसामऊ बाज़ार", "Sisamau Bazar"), ("चमनगंज", "Chamanganj"), ("बेकनगंज", "Beconganj"),
        ("प्रेम नगर", "Prem Nagar"), ("दलेलपुरवा", "Dalelpurwa"), ("कर्नलगंज", "Colonelganj"),
        ("हीरामन का पुरवा", "Hiraman ka Purwa"), ("नई सड़क", "Nai Sadak"),
    ]),
]  # fmt: skip

SOUTH_MANDALS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("KNS-BR", "बर्रा", "Barra", 217, [("बर्रा 2", "Barra 2"), ("बर्रा 8", "Barra 8")]),
    ("KNS-NB", "नौबस्ता", "Naubasta", 217, [
        ("यशोदा नगर", "Yashoda Nagar"), ("मछरिया", "Machhariya"),
    ]),
]  # fmt: skip

BUILDINGS = [
    ("प्राथमिक विद्यालय", "Primary School"),
    ("पूर्व माध्यमिक विद्यालय", "Upper Primary School"),
    ("नगर निगम बालिका विद्यालय", "Municipal Girls' School"),
    ("इंटर कॉलेज", "Inter College"),
    ("सामुदायिक भवन", "Community Hall"),
]


def _words(text: str) -> list[str]:
    return text.split()


# --- People ------------------------------------------------------------------------------------

MALE_NAMES = _words(
    "राजेश सुरेश रमेश मनोज अनिल विनोद संजय अजय विजय राकेश प्रदीप आशीष अभिषेक गौरव विकास "
    "नितिन पंकज सौरभ अंकित राहुल विवेक शिवम अनुराग प्रमोद कमलेश दिलीप ब्रजेश नीरज हिमांशु "
    "आलोक मुकेश योगेश शैलेंद्र राघवेंद्र उमेश हरिओम श्याम कृष्ण मोहित अरुण"
)
FEMALE_NAMES = _words(
    "सुनीता अनीता रेखा पूनम नीलम ममता सीमा किरन प्रीति अंजली रश्मि मीना ऊषा कविता सरिता "
    "वंदना आरती गीता शालिनी ज्योति नेहा पूजा रीता मधु संगीता अर्चना"
)
SURNAMES = _words(
    "शुक्ला त्रिपाठी मिश्र दीक्षित बाजपेई अवस्थी गुप्ता अग्रवाल यादव सोनकर कुशवाहा पाल "
    "निषाद कश्यप वर्मा श्रीवास्तव सिंह चौहान राठौर भदौरिया सेंगर कटियार सचान गौतम दिवाकर "
    "जायसवाल साहू मौर्य शर्मा पांडेय तिवारी द्विवेदी ओमर पोरवाल खत्री अरोड़ा"
)
# Mobile series common in Kanpur; each generated number is checked with lib/phones.
PHONE_PREFIXES = ["9839", "9415", "9450", "9935", "7007", "8400", "6394", "9651", "8299", "7355"]

# The district's office-bearers as the seed report names them (जिला अध्यक्ष and attendees).
SEED_DISTRICT: list[tuple[str, str]] = [
    ("president", "सुनील बजाज"),
    ("vice-president", "संतोष शुक्ला"),
    ("vice-president", "रंजीत भदौरिया"),
    ("vice-president", "परमानंद शुक्ला"),
    ("general-secretary", "वीरेश त्रिपाठी"),
    ("general-secretary", "अवधेश सोनकर"),
    ("general-secretary", "जितेंद्र शर्मा"),
    ("secretary", "धीरज बाल्मिक"),
    ("secretary", "दीपक चौहान"),
    ("secretary", "दिनेश मौर्य"),
    ("treasurer", "अमित गुप्ता"),
    ("social-media", "सत्यम शुक्ला"),
    ("it", "अर्पित गुप्ता"),
]
# Attendees who are workers rather than office-bearers: booth-level workers in Govind Nagar.
SEED_WORKERS = ["रोहित साहू", "सचिन शुक्ला"]
