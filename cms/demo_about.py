"""Demo content for the About page: every key of FRONTEND.md §4.7, in AngiSoft's voice, so
the page shows no built-in copy. `images` maps a name to a Wagtail image id."""

import uuid


def _block(key, value):
    return {"type": key, "value": value, "id": str(uuid.uuid4())}


def _cta(label, to):
    return {"label": label, "to": to}


def _heading(eyebrow, title, description):
    return {"enabled": True, "eyebrow": eyebrow, "title": title, "description": description}


def sections(images):
    people, team, product, city = (images[k] for k in ("people", "team", "product", "city"))
    return [
        _block(
            "heroSlides",
            [
                {
                    "enabled": True,
                    "image_url": img,
                    "mobile_image_url": img,
                    "image_alt": alt,
                    "name": name,
                    "role": role,
                    "object_position": "center",
                    "to": to,
                }
                for img, alt, name, role, to in [
                    (
                        people,
                        "Angela at work",
                        "Angela Wanjiru",
                        "Founder & Lead Engineer",
                        "/staff",
                    ),
                    (
                        product,
                        "Product work",
                        "Products that ship",
                        "Built in Nairobi",
                        "/products",
                    ),
                    (
                        team,
                        "The AngiSoft team",
                        "A team that cares",
                        "Engineers and writers",
                        "/staff",
                    ),
                ]
            ],
        ),
        _block(
            "intro",
            {
                "enabled": True,
                "eyebrow": "About AngiSoft",
                "headline": "Software made in Nairobi",
                "highlighted_headline": "for real businesses",
                "subtitle": "Websites, apps, systems and documents",
                "descriptor": "A small studio with big standards",
                "paragraph": "AngiSoft builds dependable software and clear documents for shops, "
                "schools, clinics and SACCOs across Kenya, and supports them after launch.",
                "philosophy": "Listen → Build → Support",
                "primary_cta": _cta("Book a free consultation", "/booking"),
                "secondary_cta": _cta("See our services", "/services"),
            },
        ),
        _block(
            "numbersHeading",
            _heading(
                "By the numbers",
                "Work that adds up",
                "What five years of steady delivery look like.",
            ),
        ),
        _block(
            "numberStories",
            [
                {
                    "enabled": True,
                    "statistic": stat,
                    "prefix": "",
                    "suffix": suffix,
                    "badge_label": badge,
                    "title": title,
                    "text": text,
                    "image_url": img,
                    "image_alt": title,
                    "object_position": "center",
                    "accent": "#0A3DFF",
                    "link": _cta("Learn more", to),
                }
                for stat, suffix, badge, title, text, img, to in [
                    (
                        "2019",
                        "",
                        "Founded",
                        "Started in Nairobi",
                        "Two engineers and a laptop.",
                        team,
                        "/about",
                    ),
                    (
                        "120",
                        "+",
                        "Projects",
                        "Projects delivered",
                        "Systems, sites and apps in use today.",
                        product,
                        "/projects",
                    ),
                    (
                        "85",
                        "+",
                        "Clients",
                        "Clients served",
                        "From corner shops to county offices.",
                        city,
                        "/testimonials",
                    ),
                    (
                        "97",
                        "%",
                        "On time",
                        "Delivered on time",
                        "Weekly updates keep us honest.",
                        people,
                        "/booking",
                    ),
                ]
            ],
        ),
        _block(
            "geography",
            {
                "enabled": True,
                "eyebrow": "Where we work",
                "title": "Nairobi-based, Africa-wide",
                "intro": "We meet clients in Nairobi and work remotely across East Africa.",
                "map_image_url": city,
                "map_alt": "Map of our delivery reach",
                "regions": [
                    {
                        "title": "Kenya",
                        "line_one": "Head office: Nairobi",
                        "line_two": "On-site and remote",
                        "color": "#0A3DFF",
                    },
                    {
                        "title": "East Africa",
                        "line_one": "Uganda, Tanzania, Rwanda",
                        "line_two": "Remote delivery",
                        "color": "#00AFFF",
                    },
                ],
                "locations": [
                    {
                        "label": "Nairobi",
                        "detail": "Head office",
                        "x": 58.0,
                        "y": 55.0,
                        "region_index": 0,
                        "label_position": "right",
                    },
                    {
                        "label": "Kampala",
                        "detail": "Clients",
                        "x": 54.0,
                        "y": 52.0,
                        "region_index": 1,
                        "label_position": "left",
                    },
                ],
                "delivery": {
                    "enabled": True,
                    "introduction": "However far you are, you get the same process.",
                    "benefits": [{"title": "Weekly demos"}, {"title": "One point of contact"}],
                },
            },
        ),
        _block(
            "sustainability",
            {
                **_heading(
                    "Impact",
                    "Technology that lasts",
                    "We build for the long run and teach as we go.",
                ),
                "image_url": team,
                "image_alt": "Training session",
                "items": [
                    {
                        "title": "Training included",
                        "description": "Every handover comes with staff training.",
                    },
                    {
                        "title": "Open standards",
                        "description": "Your data stays yours, in formats you can take anywhere.",
                    },
                ],
                "link": {"label": "How we work", "to": "/services", "type": "internal"},
            },
        ),
        _block(
            "collaboration",
            {
                **_heading(
                    "Working together", "Pick how we work with you", "Three ways to engage."
                ),
                "models": [
                    {"title": title, "image_url": img, "image_alt": title, "items": items}
                    for title, img, items in [
                        ("Fixed project", product, ["Agreed scope", "Fixed price"]),
                        ("Dedicated team", team, ["Monthly retainer", "Flexible scope"]),
                        ("Support plan", people, ["Updates and fixes", "Priority help"]),
                    ]
                ],
            },
        ),
        _block(
            "timelineHeading",
            _heading("Our story", "Milestones", "How AngiSoft grew, one project at a time."),
        ),
        _block(
            "timeline",
            [
                {
                    "enabled": True,
                    "year": year,
                    "short_year": year[2:],
                    "title": title,
                    "description": text,
                    "highlights": [],
                    "image_url": img,
                    "image_alt": title,
                }
                for year, title, text, img in [
                    ("2019", "Founded", "AngiSoft opens in Nairobi.", team),
                    (
                        "2021",
                        "First SACCO system",
                        "A ledger that members still use daily.",
                        product,
                    ),
                    ("2023", "100th project", "A hundred projects delivered.", city),
                    ("2025", "Products", "Our own products launch.", people),
                ]
            ],
        ),
        _block(
            "industriesHeading",
            _heading("Industries", "Sectors we know", "Experience that shortens every project."),
        ),
        _block(
            "industries",
            [
                {
                    "enabled": True,
                    "title": title,
                    "description": text,
                    "image_url": img,
                    "image_alt": title,
                    "to": f"/industries/{slug}",
                }
                for slug, title, text, img in [
                    ("retail", "Retail", "Point of sale and stock control.", product),
                    ("education", "Education", "Portals for schools and parents.", team),
                    ("healthcare", "Healthcare", "Clinic bookings and records.", people),
                    ("finance", "Finance", "SACCO ledgers and reports.", city),
                ]
            ],
        ),
        _block(
            "clientsHeading",
            {
                **_heading("Clients", "Who trusts us", "Organisations we are proud to serve."),
                "target_market_label": "We serve",
                "target_markets": ["SMEs", "Schools", "Clinics", "SACCOs"],
            },
        ),
        _block(
            "clients",
            [
                {
                    "enabled": True,
                    "name": name,
                    "logo_url": images["logo"],
                    "logo_alt": f"{name} logo",
                    "relationship": "Client",
                    "description": text,
                    "url": "",
                }
                for name, text in [
                    ("Duka Ltd", "Point of sale across four shops."),
                    ("Shule Academy", "Parent portal and fees."),
                    ("Afya Clinic", "Online bookings."),
                ]
            ],
        ),
        _block(
            "clientStats",
            {
                "enabled": True,
                "description": "Numbers our clients care about.",
                "metrics": [
                    {"value": "85+", "label": "Clients"},
                    {"value": "4.9/5", "label": "Average rating"},
                ],
                "target_markets": ["Kenya", "Uganda", "Tanzania"],
            },
        ),
        _block(
            "clientHighlights",
            [
                {
                    "enabled": True,
                    "title": title,
                    "subtitle": sub,
                    "summary": text,
                    "image_url": img,
                    "image_alt": title,
                    "link": _cta("See the project", to),
                }
                for title, sub, text, img, to in [
                    (
                        "Duka POS",
                        "Retail",
                        "Sales and stock in one place.",
                        product,
                        "/project/duka-pos",
                    ),
                    (
                        "Shule Parent Portal",
                        "Education",
                        "Fees follow-up made easy.",
                        team,
                        "/project/shule-portal",
                    ),
                ]
            ],
        ),
        _block(
            "testimonialsHeading",
            {
                **_heading("Testimonials", "What clients say", "In their own words."),
                "video_enabled": False,
            },
        ),
        _block(
            "serviceMap",
            {
                **_heading("Services", "Everything in one place", "From code to CVs."),
                "intro_tile": {"title": "All services", "to": "/services"},
                "services": [
                    {"title": title, "icon": icon, "image_url": img, "image_alt": title, "to": to}
                    for title, icon, img, to in [
                        ("Custom systems", "systems", product, "/services/custom-software"),
                        ("Web development", "web", city, "/services/web-development"),
                        ("Mobile apps", "mobile", people, "/services/mobile-apps"),
                        ("Documents", "documents", team, "/services/document-editing"),
                    ]
                ],
            },
        ),
        _block(
            "transparency",
            {
                **_heading("Transparency", "No surprises", "You see progress every week."),
                "video": {
                    "enabled": False,
                    "provider": "youtube",
                    "video_id": "",
                    "url": "",
                    "title": "How we work",
                    "thumbnail_url": team,
                    "thumbnail_alt": "Team meeting",
                },
                "items": [
                    {
                        "title": "Fixed quotes",
                        "description": "The price we quote is the price you pay.",
                    },
                    {"title": "Weekly demos", "description": "See the work, not just reports."},
                ],
            },
        ),
        _block(
            "partnerships",
            {
                **_heading("Partnerships", "Working with others", "Partners we build with."),
                "enabled": False,
                "featured_items": [],
                "supporting_items": [],
                "items": [],
            },
        ),
        _block(
            "solutionTypes",
            {
                **_heading("Solutions", "What we deliver", "Typical solutions for our clients."),
                "solutions": [
                    {"title": "POS systems", "to": "/solution/pos-systems"},
                    {"title": "Management systems", "to": "/solution/management-systems"},
                    {"title": "Mobile apps", "to": "/solution/mobile-apps"},
                    {"title": "Data dashboards", "to": "/solution/data-dashboards"},
                ],
            },
        ),
        _block(
            "technologies",
            {
                **_heading("Technology", "Tools we trust", "Chosen for maintainability."),
                "columns": [
                    {
                        "sections": [
                            {
                                "title": "Backend",
                                "groups": [{"technologies": ["Python", "Django", "PostgreSQL"]}],
                            }
                        ]
                    },
                    {
                        "sections": [
                            {
                                "title": "Frontend and mobile",
                                "groups": [{"technologies": ["React", "Flutter", "Kotlin"]}],
                            }
                        ]
                    },
                ],
            },
        ),
        _block(
            "specializedCapabilities",
            {
                "enabled": True,
                "eyebrow": "Capabilities",
                "title": "Specialised skills",
                "introduction": "Where we go deeper.",
                "capabilities": [
                    {"title": title, "icon": icon, "to": "/services"}
                    for title, icon in [
                        ("Automation", "automation"),
                        ("Cloud", "cloud"),
                        ("Data", "data"),
                        ("Integrations", "integration"),
                    ]
                ],
            },
        ),
        _block(
            "whyGuarantee",
            {
                **_heading("Why AngiSoft", "Our promise", "What you can count on."),
                "question": "Why choose us?",
                "items": [
                    {
                        "title": "Support after launch",
                        "description": "We stay reachable.",
                        "details": ["Bug fixes", "Training"],
                    },
                    {
                        "title": "Clear pricing",
                        "description": "Fixed quotes.",
                        "details": ["No hidden fees"],
                    },
                ],
            },
        ),
        _block(
            "pricing",
            {
                **_heading("Pricing", "How we price", "Simple, fair models."),
                "models": [
                    {
                        "title": "Fixed price",
                        "description": "For a clear scope.",
                        "best_for": "Websites",
                        "badge": "Popular",
                    },
                    {
                        "title": "Retainer",
                        "description": "Monthly support.",
                        "best_for": "Ongoing work",
                        "badge": "",
                    },
                ],
                "note": "Every quote is free.",
                "cta": _cta("See pricing", "/pricing"),
            },
        ),
        _block(
            "pricingQuotation",
            {
                "enabled": True,
                "image_url": people,
                "image_alt": "Angela Wanjiru",
                "author": "Angela Wanjiru",
                "role": "Founder",
                "quote": "A good price is one you understand before we start.",
                "introduction": "Where your budget goes:",
                "investment_areas": ["Design", "Development", "Testing", "Training"],
            },
        ),
        _block(
            "cta",
            {
                **_heading(
                    "Let's talk",
                    "Build with AngiSoft",
                    "Tell us what you need; we reply within a day.",
                ),
                "image_url": team,
                "mobile_image_url": team,
                "image_alt": "The AngiSoft team",
                "object_position": "center",
                "primary_cta": _cta("Book a project", "/booking"),
                "secondary_cta": _cta("Contact us", "/contact"),
                "contact": {
                    "phone": "+254 710 398 690",
                    "phone_label": "Call us",
                    "email": "hello@angisoft.co.ke",
                    "whatsapp": "254710398690",
                    "whatsapp_message": "Hello AngiSoft, I'd like to talk about a project.",
                },
                "reassurance": "Free consultation, no obligation.",
            },
        ),
    ]
