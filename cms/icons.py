"""The icon names the React frontend knows, per registry (the frontend contract §1.5).

An unknown name silently falls back on the site, so editors choose from these lists
instead of typing a name."""

GENERAL = [
    "FaInfoCircle",
    "FaBriefcase",
    "FaGlobe",
    "FaPuzzlePiece",
    "FaCogs",
    "FaCode",
    "FaMobileAlt",
    "FaChartLine",
    "FaBrain",
    "FaCashRegister",
    "FaServer",
    "FaGraduationCap",
    "FaFileAlt",
    "FaAd",
    "FaWifi",
    "FaMusic",
    "FaStethoscope",
    "FaStore",
    "FaLandmark",
    "FaBuilding",
    "FaTruck",
    "FaReact",
    "FaPython",
    "FaHtml5",
    "FaTerminal",
    "FaBug",
    "FaArrowUp",
    "FaDesktop",
    "FaBoxOpen",
    "FaPaintBrush",
    "FaUsers",
    "FaFileContract",
    "FaUserTie",
    "FaClipboardList",
    "FaWarehouse",
    "FaCreditCard",
    "FaUniversity",
    "FaHeartbeat",
    "FaBoxes",
    "FaDatabase",
    "FaShieldAlt",
    "FaBullhorn",
    "FaLaptopCode",
    "FaEnvelope",
    "FaPhoneAlt",
    "FaArrowRight",
    "FaCheckCircle",
    "FaRocket",
    "FaClock",
    "FaDollarSign",
    "FaStar",
    "FaQuoteLeft",
    "FaChevronLeft",
    "FaChevronRight",
    "FaArrowLeft",
    "FaBars",
    "FaTimes",
    "FaChevronDown",
    "FaSearch",
    "SiFlutter",
    "SiKotlin",
    "SiTailwindcss",
]

INDUSTRY = [
    "FaHeartbeat",
    "FaUniversity",
    "FaGraduationCap",
    "FaHome",
    "FaShoppingCart",
    "FaNetworkWired",
    "FaTruck",
    "FaHardHat",
    "FaBriefcase",
    "FaMusic",
    "FaStethoscope",
    "FaPills",
    "FaUserMd",
    "FaHospital",
    "FaCreditCard",
    "FaChartPie",
    "FaWallet",
    "FaMoneyBillWave",
    "FaBook",
    "FaChalkboardTeacher",
    "FaSchool",
    "FaLaptopCode",
    "FaBuilding",
    "FaKey",
    "FaWarehouse",
    "FaClipboardList",
    "FaBarcode",
    "FaStore",
    "FaReceipt",
    "FaTags",
    "FaSignal",
    "FaWifi",
    "FaServer",
    "FaHeadset",
    "FaTruckLoading",
    "FaRoute",
    "FaBoxes",
    "FaRulerCombined",
    "FaDrawPolygon",
    "FaFileContract",
    "FaCalculator",
    "FaUserTie",
    "FaHandshake",
    "FaCalendarCheck",
    "FaShieldAlt",
    "FaUserCheck",
]

# Industries are drawn by the home page (industry registry) and by /industries (general
# registry): only names both know render the same on each.
INDUSTRY_SHARED = [name for name in INDUSTRY if name in GENERAL]

TECH = [
    "FaReact",
    "FaNodeJs",
    "FaPython",
    "FaJava",
    "FaPhp",
    "FaDocker",
    "FaAws",
    "FaLinux",
    "FaHtml5",
    "FaJs",
    "FaGitAlt",
    "FaAndroid",
    "FaApple",
    "FaMicrosoft",
    "FaDatabase",
    "FaChartBar",
    "SiTypescript",
    "SiTailwindcss",
    "SiNextdotjs",
    "SiLaravel",
    "SiDjango",
    "SiSpringboot",
    "SiFlutter",
    "SiKotlin",
    "SiPostgresql",
    "SiMongodb",
    "SiFirebase",
    "SiRedis",
    "SiKubernetes",
    "SiTerraform",
    "SiMysql",
    "SiNginx",
    "SiVuedotjs",
    "SiGraphql",
    "SiTensorflow",
    "SiStripe",
    "SiOpenai",
    "SiAngular",
]

BOOKING_STEP = ["FaUser", "FaFileAlt", "FaCloudUploadAlt", "FaCreditCard"]

ABOUT_SERVICE_MAP = [
    "applications",
    "data",
    "database",
    "debugging",
    "documents",
    "graphics",
    "installation",
    "mobile",
    "products",
    "systems",
    "upgrades",
    "web",
]

ABOUT_CAPABILITY = [
    "ai",
    "automation",
    "cloud",
    "data",
    "integration",
    "mobile",
    "modernization",
    "roles",
]


def _label(name: str) -> str:
    """FaMobileAlt → "Mobile alt (FaMobileAlt)": readable, and still the exact name."""
    bare = name[2:] if name[:2] in ("Fa", "Si") else name
    words = "".join(f" {c}" if c.isupper() else c for c in bare).strip()
    return f"{words[:1].upper()}{words[1:].lower()} ({name})"


def choices(names) -> list[tuple[str, str]]:
    return [(name, _label(name)) for name in names]


def general_choices():
    return choices(GENERAL)


def industry_choices():
    return choices(INDUSTRY_SHARED)


def tech_choices():
    return choices(TECH)


def booking_step_choices():
    return choices(BOOKING_STEP)


def service_map_choices():
    return choices(ABOUT_SERVICE_MAP)


def capability_choices():
    return choices(ABOUT_CAPABILITY)
