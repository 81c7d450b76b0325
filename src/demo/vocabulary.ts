/**
 * Word lists for the demo data: Belgian (and a few neighbouring) names, streets, real postcode/city
 * pairs with their telephone area codes. Plain data, no logic.
 */

/** `N` Dutch, `F` French, `D` German; `B` a bilingual place (Brussels), resolved per third party. */
export type PlaceLanguage = 'N' | 'F' | 'D' | 'B';

export interface Place {
  postcode: string;
  /** City name in the place's language (the Dutch one in Brussels). */
  city: string;
  /** French name of a Brussels municipality. */
  cityFr?: string;
  /** Value of the demo's XREGION personal field. */
  region: string;
  /** Telephone area code without the trunk 0 (`2` for Brussels, `16` for Leuven). */
  area: string;
  language: PlaceLanguage;
}

const brussels = (postcode: string, city: string, cityFr: string): Place =>
  ({ postcode, city, cityFr, region: 'Brussel', area: '2', language: 'B' });
const flanders = (postcode: string, city: string, area: string): Place =>
  ({ postcode, city, region: 'Vlaanderen', area, language: 'N' });
const wallonia = (postcode: string, city: string, area: string, language: PlaceLanguage = 'F'): Place =>
  ({ postcode, city, region: 'Wallonië', area, language });

export const PLACES: readonly Place[] = [
  brussels('1000', 'Brussel', 'Bruxelles'),
  brussels('1020', 'Laken', 'Laeken'),
  brussels('1030', 'Schaarbeek', 'Schaerbeek'),
  brussels('1040', 'Etterbeek', 'Etterbeek'),
  brussels('1050', 'Elsene', 'Ixelles'),
  brussels('1060', 'Sint-Gillis', 'Saint-Gilles'),
  brussels('1070', 'Anderlecht', 'Anderlecht'),
  brussels('1080', 'Sint-Jans-Molenbeek', 'Molenbeek-Saint-Jean'),
  brussels('1090', 'Jette', 'Jette'),
  brussels('1140', 'Evere', 'Evere'),
  brussels('1150', 'Sint-Pieters-Woluwe', 'Woluwe-Saint-Pierre'),
  brussels('1180', 'Ukkel', 'Uccle'),
  brussels('1190', 'Vorst', 'Forest'),
  brussels('1200', 'Sint-Lambrechts-Woluwe', 'Woluwe-Saint-Lambert'),
  flanders('1500', 'Halle', '2'),
  flanders('1600', 'Sint-Pieters-Leeuw', '2'),
  flanders('1700', 'Dilbeek', '2'),
  flanders('1800', 'Vilvoorde', '2'),
  flanders('1930', 'Zaventem', '2'),
  flanders('2000', 'Antwerpen', '3'),
  flanders('2018', 'Antwerpen', '3'),
  flanders('2100', 'Deurne', '3'),
  flanders('2300', 'Turnhout', '14'),
  flanders('2400', 'Mol', '14'),
  flanders('2500', 'Lier', '3'),
  flanders('2600', 'Berchem', '3'),
  flanders('2800', 'Mechelen', '15'),
  flanders('2930', 'Brasschaat', '3'),
  flanders('3000', 'Leuven', '16'),
  flanders('3200', 'Aarschot', '16'),
  flanders('3300', 'Tienen', '16'),
  flanders('3500', 'Hasselt', '11'),
  flanders('3600', 'Genk', '89'),
  flanders('3700', 'Tongeren', '12'),
  flanders('3800', 'Sint-Truiden', '11'),
  flanders('3920', 'Lommel', '11'),
  flanders('8000', 'Brugge', '50'),
  flanders('8400', 'Oostende', '59'),
  flanders('8500', 'Kortrijk', '56'),
  flanders('8800', 'Roeselare', '51'),
  flanders('8900', 'Ieper', '57'),
  flanders('9000', 'Gent', '9'),
  flanders('9100', 'Sint-Niklaas', '3'),
  flanders('9200', 'Dendermonde', '52'),
  flanders('9300', 'Aalst', '53'),
  flanders('9400', 'Ninove', '54'),
  flanders('9700', 'Oudenaarde', '55'),
  flanders('9800', 'Deinze', '9'),
  flanders('9900', 'Eeklo', '9'),
  wallonia('1300', 'Wavre', '10'),
  wallonia('1348', 'Louvain-la-Neuve', '10'),
  wallonia('1400', 'Nivelles', '67'),
  wallonia('1410', 'Waterloo', '2'),
  wallonia('4000', 'Liège', '4'),
  wallonia('4020', 'Liège', '4'),
  wallonia('4100', 'Seraing', '4'),
  wallonia('4500', 'Huy', '85'),
  wallonia('4700', 'Eupen', '87', 'D'),
  wallonia('4780', 'Sankt Vith', '80', 'D'),
  wallonia('4800', 'Verviers', '87'),
  wallonia('5000', 'Namur', '81'),
  wallonia('5100', 'Jambes', '81'),
  wallonia('5500', 'Dinant', '82'),
  wallonia('6000', 'Charleroi', '71'),
  wallonia('6600', 'Bastogne', '61'),
  wallonia('6700', 'Arlon', '63'),
  wallonia('6900', 'Marche-en-Famenne', '84'),
  wallonia('7000', 'Mons', '65'),
  wallonia('7100', 'La Louvière', '64'),
  wallonia('7500', 'Tournai', '69'),
  wallonia('7700', 'Mouscron', '56'),
];

/** A line of business: the word used in company names per language and the firm's XSECTOR value. */
export interface Trade {
  nl: string;
  fr: string;
  /** XSECTOR / comp_sector value. */
  sector: string;
  /** Names put the family name first: `Peeters Transport`, `Dupont Transports`. */
  familyFirst?: boolean;
  /** Horeca and breweries also get fancy names: `Brouwerij De Gouden Leeuw`. */
  fancy?: boolean;
  /** Non-profit: legal form VZW / ASBL. */
  nonProfit?: boolean;
}

export const TRADES: readonly Trade[] = [
  { nl: 'Bakkerij', fr: 'Boulangerie', sector: 'Voeding', fancy: true },
  { nl: 'Slagerij', fr: 'Boucherie', sector: 'Voeding' },
  { nl: 'Brouwerij', fr: 'Brasserie', sector: 'Voeding', fancy: true },
  { nl: 'Garage', fr: 'Garage', sector: 'Automotive' },
  { nl: 'Carrosserie', fr: 'Carrosserie', sector: 'Automotive' },
  { nl: 'Schrijnwerkerij', fr: 'Menuiserie', sector: 'Bouw' },
  { nl: 'Bouwbedrijf', fr: 'Construction', sector: 'Bouw', familyFirst: true },
  { nl: 'Dakwerken', fr: 'Toitures', sector: 'Bouw' },
  { nl: 'Elektriciteitswerken', fr: 'Électricité', sector: 'Bouw' },
  { nl: 'Sanitair', fr: 'Sanitaire', sector: 'Bouw' },
  { nl: 'Schilderwerken', fr: 'Peinture', sector: 'Bouw' },
  { nl: 'Advocatenkantoor', fr: "Cabinet d'avocats", sector: 'Vrije beroepen' },
  { nl: 'Boekhoudkantoor', fr: 'Cabinet comptable', sector: 'Vrije beroepen' },
  { nl: 'Architectenbureau', fr: "Bureau d'architecture", sector: 'Vrije beroepen' },
  { nl: 'Apotheek', fr: 'Pharmacie', sector: 'Gezondheidszorg' },
  { nl: 'Tandartspraktijk', fr: 'Cabinet dentaire', sector: 'Gezondheidszorg' },
  { nl: 'Transport', fr: 'Transports', sector: 'Transport & logistiek', familyFirst: true },
  { nl: 'Logistics', fr: 'Logistique', sector: 'Transport & logistiek', familyFirst: true },
  { nl: 'IT Solutions', fr: 'Informatique', sector: 'IT', familyFirst: true },
  { nl: 'Drukkerij', fr: 'Imprimerie', sector: 'Grafische sector' },
  { nl: 'Kapsalon', fr: 'Salon de coiffure', sector: 'Persoonlijke verzorging' },
  { nl: 'Tuinaanleg', fr: 'Parcs et Jardins', sector: 'Groen' },
  { nl: 'Restaurant', fr: 'Restaurant', sector: 'Horeca', fancy: true },
  { nl: 'Café', fr: 'Café', sector: 'Horeca', fancy: true },
  { nl: 'Hotel', fr: 'Hôtel', sector: 'Horeca', fancy: true },
  { nl: 'Immo', fr: 'Immo', sector: 'Vastgoed', familyFirst: true },
  { nl: 'Verzekeringen', fr: 'Assurances', sector: 'Financiële diensten', familyFirst: true },
  { nl: 'Fietsen', fr: 'Cycles', sector: 'Handel' },
  { nl: 'Optiek', fr: 'Optique', sector: 'Handel' },
  { nl: 'Bloemen', fr: 'Fleurs', sector: 'Handel' },
  { nl: 'Voetbalclub', fr: 'Football Club', sector: 'Non-profit', nonProfit: true },
  { nl: 'Jeugdhuis', fr: 'Maison de jeunes', sector: 'Non-profit', nonProfit: true },
];

/** Trades typical of suppliers (the firm buys from them). */
export const SUPPLIER_TRADES: readonly Trade[] = [
  { nl: 'Groothandel', fr: 'Grossiste', sector: 'Groothandel', familyFirst: true },
  { nl: 'Kantoorbenodigdheden', fr: 'Fournitures de bureau', sector: 'Groothandel', familyFirst: true },
  { nl: 'Drukkerij', fr: 'Imprimerie', sector: 'Grafische sector' },
  { nl: 'Transport', fr: 'Transports', sector: 'Transport & logistiek', familyFirst: true },
  { nl: 'Schoonmaak', fr: 'Nettoyage', sector: 'Diensten', familyFirst: true },
  { nl: 'Verzekeringen', fr: 'Assurances', sector: 'Financiële diensten', familyFirst: true },
];

export const FANCY_NAMES = {
  nl: ['De Gouden Leeuw', 'Het Anker', 'De Zwaan', "'t Hoekske", 'De Linde', 'Het Pleintje', 'De Kroon',
    'Den Engel', 'De Sleutel', 'Sint-Jan', 'De Molen', "'t Kasteeltje"],
  fr: ['Le Coq Hardi', 'La Bonne Table', 'Le Relais', 'Les Tilleuls', 'Le Moulin', 'La Couronne', 'Au Bon Coin',
    "Le Lion d'Or", 'Saint-Hubert', 'La Fontaine', 'Le Vieux Marché', 'Les Trois Clés'],
} as const;

/** Belgian legal forms with rough frequencies; `''` is a sole trader without a form. */
export const LEGAL_FORMS = {
  nl: [['BV', 45], ['NV', 15], ['BVBA', 18], ['CommV', 5], ['CV', 5], ['', 12]] as const,
  fr: [['SRL', 45], ['SA', 15], ['SPRL', 18], ['SComm', 5], ['SC', 5], ['', 12]] as const,
  nonProfit: { nl: 'VZW', fr: 'ASBL' },
} as const;

export const FAMILY_NAMES = {
  nl: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
    'Vermeulen', 'Van den Broeck', 'Pauwels', 'Hermans', 'Aerts', 'Van Damme', 'De Clercq', 'Verhoeven', 'Smets',
    'De Backer', 'Vandenberghe', 'Coppens', 'Stevens', 'Michiels', 'Martens', 'Desmet', 'Verstraete', 'Cools',
    'De Wilde', 'Van de Velde', 'Segers', 'Hendrickx', 'Lemmens', 'Bosmans', 'Vermeersch', 'Van Dyck',
    'Willaert', "D'Hondt", 'Vlaeminck', 'Verbruggen', 'Baert', 'Geerts', 'Van Acker', 'Vercammen'],
  fr: ['Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Leclercq', 'Renard', 'Lejeune', 'Dumont',
    'Denis', 'François', 'Lefebvre', 'Mathieu', 'Hubert', 'Henry', 'Noël', 'Leroy', 'Fontaine', 'Marchal',
    'Collard', 'Gilson', 'Piette', 'Dethier', 'Jacquet', 'Lemaire', 'Charlier', 'Bertrand', 'Delhaye', 'Masson',
    'Wathelet', 'Dupuis', 'Gérard', 'Thiry', 'Delvaux', 'Lecomte', 'Goffin', 'Delforge', 'Pirotte', 'Georges'],
  de: ['Schmitz', 'Heinen', 'Kever', 'Jost', 'Kohnen', 'Pankert', 'Mreyen', 'Cremer'],
} as const;

export const FIRST_NAMES = {
  nl: ['Jan', 'Pieter', 'Luc', 'Marc', 'Koen', 'Tom', 'Bart', 'Wim', 'Dirk', 'Geert', 'Kris', 'Stijn', 'Jeroen',
    'Hans', 'Peter', 'Wouter', 'Bram', 'Thomas', 'Ruben', 'Jelle', 'Els', 'An', 'Sofie', 'Katrien', 'Inge',
    'Veerle', 'Lies', 'Hilde', 'Karen', 'Nathalie', 'Sarah', 'Lotte', 'Eline', 'Griet', 'Joke', 'Lieve', 'Emma'],
  fr: ['Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Luc', 'Christophe', 'Olivier', 'Nicolas', 'Thierry',
    'François', 'Didier', 'Benoît', 'Vincent', 'Julien', 'Marie', 'Isabelle', 'Nathalie', 'Sophie', 'Catherine',
    'Anne', 'Valérie', 'Véronique', 'Caroline', 'Florence', 'Céline', 'Hélène', 'Aurélie', 'Camille', 'Chloé',
    'Manon', 'Martine', 'Françoise'],
  de: ['Jürgen', 'Klaus', 'Stefan', 'Andreas', 'Monika', 'Sabine', 'Petra', 'Marlene'],
} as const;

export const JOB_TITLES = {
  nl: ['Zaakvoerder', 'Bestuurder', 'Boekhouder', 'Aankoper', 'Office manager', 'Verantwoordelijke administratie',
    'Directeur', 'Financieel directeur', 'Secretariaat'],
  fr: ['Gérant', 'Administrateur délégué', 'Comptable', 'Acheteur', 'Office manager', 'Responsable administratif',
    'Directeur', 'Directeur financier', 'Secrétariat'],
} as const;

export const STREETS = {
  nl: ['Kerkstraat', 'Stationsstraat', 'Dorpsstraat', 'Grote Markt', 'Nieuwstraat', 'Molenstraat', 'Schoolstraat',
    'Kapelstraat', 'Industrieweg', 'Beekstraat', 'Veldstraat', 'Hoogstraat', 'Kortrijksesteenweg',
    'Brusselsesteenweg', 'Leuvensesteenweg', 'Antwerpsesteenweg', 'Nijverheidslaan', 'Lindenlaan',
    'Koning Albertlaan', 'Sint-Jansstraat', 'Markt', 'Zuidstraat', 'Rijksweg', 'Kasteelstraat', 'Ambachtsweg',
    'Gentsesteenweg', 'Mechelsesteenweg', 'Bondgenotenlaan'],
  fr: ['Rue de la Station', 'Chaussée de Louvain', "Rue de l'Église", 'Place du Marché', 'Grand-Place',
    'Rue du Moulin', 'Chaussée de Bruxelles', 'Rue Haute', 'Avenue Louise', 'Rue Royale', 'Rue des Champs',
    'Avenue des Combattants', 'Rue de la Gare', 'Rue du Centre', 'Chaussée de Namur', 'Boulevard d\'Avroy',
    'Rue Neuve', 'Avenue de la Libération', 'Rue du Pont', 'Chaussée de Mons', 'Rue des Écoles',
    'Route de Liège', 'Rue de Bruxelles'],
  de: ['Hauptstraße', 'Bahnhofstraße', 'Kirchstraße', 'Marktplatz', 'Aachener Straße', 'Klosterstraße'],
} as const;

/** The firm's own account managers (XACCMGR / comp_accountmanager). */
export const ACCOUNT_MANAGERS = ['Sofie Claes', 'Marc Wouters', 'Julie Lambert', 'Thomas Peeters', 'Nathalie Renard'];

/** Values of the CRM-only custom field `comp_paymentterms` (no BOB counterpart). */
export const PAYMENT_TERMS = ['30 dagen', '60 dagen', 'Contant', '30 jours fin de mois'];

/** Internet providers of small businesses without a domain of their own. */
export const MAIL_PROVIDERS = ['telenet.be', 'skynet.be', 'proximus.be', 'gmail.com', 'hotmail.com', 'outlook.be'];

export const COMPANY_MAILBOXES = {
  nl: ['info', 'info', 'info', 'contact', 'administratie', 'boekhouding', 'facturatie'],
  fr: ['info', 'info', 'info', 'contact', 'administration', 'comptabilite', 'facturation'],
} as const;

export type ForeignCountry = 'NL' | 'FR' | 'LU' | 'DE';

export interface ForeignData {
  language: 'N' | 'F' | 'D';
  /** International dialling code. */
  dial: string;
  /** Postcode, city, area code (without trunk prefix). */
  places: readonly (readonly [string, string, string])[];
  streets: readonly string[];
  families: readonly string[];
  firstNames: readonly string[];
  trades: readonly string[];
  forms: readonly string[];
  tld: string;
}

export const FOREIGN: Readonly<Record<ForeignCountry, ForeignData>> = {
  NL: {
    language: 'N', dial: '31', tld: 'nl',
    places: [['1012 LG', 'Amsterdam', '20'], ['3011 AD', 'Rotterdam', '10'], ['4811 XJ', 'Breda', '76'],
      ['5611 AZ', 'Eindhoven', '40'], ['6211 CK', 'Maastricht', '43'], ['4331 LM', 'Middelburg', '118'],
      ['3511 LV', 'Utrecht', '30']],
    streets: ['Damrak', 'Coolsingel', 'Ginnekenweg', 'Stratumseind', 'Vrijthof', 'Lange Delft', 'Oudegracht'],
    families: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer'],
    firstNames: ['Daan', 'Sanne', 'Bas', 'Femke', 'Joost', 'Anouk', 'Maarten', 'Lieke'],
    trades: ['Bouw', 'Logistiek', 'Installatietechniek', 'Transport', 'Consultancy', 'Handelsonderneming'],
    forms: ['B.V.', 'B.V.', 'N.V.', 'V.O.F.'],
  },
  FR: {
    language: 'F', dial: '33', tld: 'fr',
    places: [['59000', 'Lille', '3'], ['59200', 'Tourcoing', '3'], ['59100', 'Roubaix', '3'], ['75008', 'Paris', '1'],
      ['51100', 'Reims', '3'], ['08000', 'Charleville-Mézières', '3'], ['67000', 'Strasbourg', '3']],
    streets: ['Rue de la République', 'Rue Nationale', 'Boulevard de la Liberté', 'Rue Esquermoise',
      'Place du Général de Gaulle', 'Rue du Faubourg Saint-Honoré'],
    families: ['Lefebvre', 'Moreau', 'Fontaine', 'Girard', 'Bonnet', 'Rousseau', 'Garnier', 'Faure', 'Petit'],
    firstNames: ['Antoine', 'Claire', 'Mathieu', 'Élodie', 'Guillaume', 'Pauline', 'Romain', 'Juliette'],
    trades: ['Transports', 'Boulangerie', 'Menuiserie', 'Conseil', 'Imprimerie', 'Distribution'],
    forms: ['SAS', 'SAS', 'SARL', 'SA', 'EURL'],
  },
  LU: {
    language: 'F', dial: '352', tld: 'lu',
    places: [['1150', 'Luxembourg', ''], ['1660', 'Luxembourg', ''], ['4001', 'Esch-sur-Alzette', ''],
      ['9001', 'Ettelbruck', ''], ['8001', 'Strassen', '']],
    streets: ["Route d'Arlon", 'Grand-Rue', 'Avenue de la Liberté', "Rue de l'Alzette", 'Boulevard Royal'],
    families: ['Schmit', 'Weber', 'Hoffmann', 'Wagner', 'Muller', 'Thill', 'Kremer', 'Reuter'],
    firstNames: ['Luc', 'Anne', 'Marc', 'Sandra', 'Paul', 'Carole', 'Gilles', 'Nadine'],
    trades: ['Fiduciaire', 'Construction', 'Transports', 'Consulting', 'Immobilière'],
    forms: ['S.à r.l.', 'S.à r.l.', 'SA', 'SARL-S'],
  },
  DE: {
    language: 'D', dial: '49', tld: 'de',
    places: [['52062', 'Aachen', '241'], ['50667', 'Köln', '221'], ['40213', 'Düsseldorf', '211'],
      ['54290', 'Trier', '651'], ['41061', 'Mönchengladbach', '2161'], ['10117', 'Berlin', '30']],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Marktplatz', 'Königsallee', 'Hohe Straße', 'Theaterstraße'],
    families: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann'],
    firstNames: ['Jürgen', 'Katrin', 'Tobias', 'Sabine', 'Markus', 'Anja', 'Florian', 'Julia'],
    trades: ['Maschinenbau', 'Logistik', 'Bäckerei', 'Elektrotechnik', 'Spedition', 'Handels'],
    forms: ['GmbH', 'GmbH', 'AG', 'KG', 'GmbH & Co. KG'],
  },
};
