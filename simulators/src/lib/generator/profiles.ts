import type { Cluster } from '@langxanh/contracts';

/**
 * Emission profiles per craft, after shared docs/domain.md §5.2 (pollution profile per village):
 * paper (Phong Khê): wastewater rich in COD/BOD/TSS/colour, coal boilers (TSP, SO2, CO);
 * steel (Đa Hội) and aluminium (Văn Môn): furnace dust and fumes, SO2, CO, NOx, noise, acid/alkaline baths;
 * wood (Đồng Kỵ): sanding dust (TSP/PM10), noise; bronze (Đại Bái): coal smoke, acid; pottery (Phù Lãng): kiln smoke.
 */
export type Craft = 'paper' | 'steel' | 'aluminium' | 'wood' | 'bronze' | 'pottery' | 'generic';

/** How an incident moves one parameter: toward limit × factor, an absolute level, or normal × factor. */
export type Effect =
  | { readonly to: 'limit'; readonly factor: readonly [number, number] }
  | { readonly to: 'level'; readonly value: readonly [number, number] }
  | { readonly to: 'scale'; readonly factor: readonly [number, number] };

/** A kind of incident: which parameters it pushes where, how often (relative weight) and for how long. */
export interface IncidentSpec {
  readonly id: string;
  readonly description: string;
  readonly weight: number;
  /** Minutes at full strength (between a 10-min rise and a 20-min fall). */
  readonly plateauMin: readonly [number, number];
  readonly effects: Readonly<Record<string, Effect>>;
}

/** When the craft's sources run. */
export type Schedule = 'workshop' | 'continuous';

export interface AirProfile {
  readonly schedule: Schedule;
  /** Extra concentration at full activity, µg/m³, on top of the regional background. */
  readonly pm25: number;
  /** Extra coarse fraction (PM10 − PM2.5). */
  readonly coarse: number;
  /** Extra particles above 10 µm (TSP − PM10). */
  readonly tsp: number;
  readonly so2: number;
  readonly no2: number;
  readonly co: number;
  /** Sound level of the workshops at full activity near the station, dBA. */
  readonly noise: number;
  readonly incidents: readonly IncidentSpec[];
}

export interface WastewaterProfile {
  /** Treated effluent volume, m³/day (consistent with the station's Kf band, QCVN 40:2011 cl. 2.4). */
  readonly flowM3PerDay: number;
  readonly schedule: Schedule;
  /** Normal level as a fraction of Cmax. */
  readonly fraction: {
    readonly COD: number;
    readonly TSS: number;
    readonly NH4: number;
    readonly TN: number;
    readonly TP: number;
  };
  /** BOD5 / COD of the treated effluent. */
  readonly bodRatio: number;
  /** Normal colour, Pt-Co. */
  readonly colour: number;
  readonly pH: number;
  /** Effluent warmer than the air by this much, °C. */
  readonly warmer: number;
  readonly incidents: readonly IncidentSpec[];
}

export interface WasteProfile {
  /** Multiplies the fill rate of every bin of the cluster. */
  readonly fillMultiplier: number;
  readonly incidents: readonly IncidentSpec[];
}

export interface CraftProfile {
  readonly craft: Craft;
  readonly air: AirProfile;
  readonly wastewater: WastewaterProfile;
  readonly waste: WasteProfile;
}

const limit = (a: number, b: number): Effect => ({ to: 'limit', factor: [a, b] });
const level = (a: number, b: number): Effect => ({ to: 'level', value: [a, b] });
const scale = (a: number, b: number): Effect => ({ to: 'scale', factor: [a, b] });

/** Waste-bin incidents (domain.md §6.2: fire above 60–70 °C, knocked over above ~45°). */
const BIN_INCIDENTS: readonly IncidentSpec[] = [
  {
    id: 'bin-knocked-over',
    description: 'bin knocked over',
    weight: 3,
    plateauMin: [30, 120],
    effects: { tilt: level(55, 95) },
  },
  {
    id: 'bin-fire',
    description: 'smouldering waste in the bin',
    weight: 1,
    plateauMin: [20, 60],
    effects: { temp: level(65, 90) },
  },
];

const generic: CraftProfile = {
  craft: 'generic',
  air: {
    schedule: 'workshop',
    pm25: 10,
    coarse: 15,
    tsp: 40,
    so2: 20,
    no2: 15,
    co: 500,
    noise: 60,
    incidents: [
      {
        id: 'dust',
        description: 'dust from open burning',
        weight: 1,
        plateauMin: [60, 120],
        effects: { TSP: limit(1.15, 1.6), PM10: scale(1.8, 2.5), 'PM2.5': scale(1.5, 2.2) },
      },
    ],
  },
  wastewater: {
    flowM3PerDay: 300,
    schedule: 'workshop',
    fraction: { COD: 0.4, TSS: 0.4, NH4: 0.3, TN: 0.3, TP: 0.2 },
    bodRatio: 0.4,
    colour: 30,
    pH: 7.2,
    warmer: 2,
    incidents: [
      {
        id: 'treatment-upset',
        description: 'treatment plant upset',
        weight: 1,
        plateauMin: [30, 120],
        effects: { COD: limit(1.5, 3), BOD5: limit(1.3, 2.5), TSS: limit(1.5, 3) },
      },
    ],
  },
  waste: { fillMultiplier: 1, incidents: BIN_INCIDENTS },
};

const PROFILES: Readonly<Record<Craft, CraftProfile>> = {
  generic,
  paper: {
    craft: 'paper',
    air: {
      schedule: 'continuous',
      pm25: 20,
      coarse: 25,
      tsp: 60,
      so2: 90,
      no2: 20,
      co: 1500,
      noise: 62,
      incidents: [
        {
          id: 'boiler-smoke',
          description: 'coal boiler smoke (bad coal / failed scrubber)',
          weight: 3,
          plateauMin: [70, 150],
          effects: {
            SO2: limit(1.3, 2.4),
            TSP: limit(1.1, 1.6),
            CO: scale(2, 3),
            'PM2.5': scale(1.5, 2.5),
            PM10: scale(1.5, 2.5),
          },
        },
        {
          id: 'coal-yard-dust',
          description: 'dust from the coal yard',
          weight: 1,
          plateauMin: [60, 120],
          effects: { TSP: limit(1.2, 2), PM10: scale(2, 3) },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 3500,
      schedule: 'continuous',
      fraction: { COD: 0.68, TSS: 0.55, NH4: 0.35, TN: 0.4, TP: 0.3 },
      bodRatio: 0.32,
      colour: 95,
      pH: 7.3,
      warmer: 6,
      incidents: [
        {
          id: 'treatment-upset',
          description: 'treatment plant upset: pulp fibre and colour pass through',
          weight: 3,
          plateauMin: [40, 180],
          // domain.md §5.2: measured Phong Khê effluent TSS 848–1 882 mg/L, colour 217–509 Pt-Co.
          effects: { COD: limit(2.5, 6), BOD5: limit(2, 4), TSS: limit(2.5, 6), Color: level(230, 500) },
        },
        {
          id: 'bypass',
          description: 'raw wastewater bypassing the plant',
          weight: 1,
          plateauMin: [30, 90],
          effects: {
            COD: limit(6, 12),
            BOD5: limit(5, 10),
            TSS: limit(8, 15),
            Color: level(400, 520),
            NH4: limit(1.2, 2),
          },
        },
      ],
    },
    waste: { fillMultiplier: 1.6, incidents: BIN_INCIDENTS },
  },
  steel: {
    craft: 'steel',
    air: {
      schedule: 'workshop',
      pm25: 30,
      coarse: 60,
      tsp: 120,
      so2: 60,
      no2: 45,
      co: 2500,
      noise: 72,
      incidents: [
        {
          id: 'furnace-fumes',
          description: 'induction/arc furnace fumes without extraction',
          weight: 3,
          plateauMin: [70, 150],
          effects: {
            TSP: limit(1.3, 2.2),
            PM10: scale(2, 3),
            'PM2.5': scale(1.8, 2.8),
            SO2: limit(1.1, 1.8),
            NO2: limit(1.05, 1.5),
          },
        },
        {
          id: 'scrap-burning',
          description: 'open burning of coated scrap',
          weight: 1,
          plateauMin: [60, 120],
          effects: { CO: scale(3, 5), 'PM2.5': scale(2, 3), PM10: scale(1.8, 2.6), TSP: limit(1.1, 1.5) },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 1200,
      schedule: 'workshop',
      fraction: { COD: 0.35, TSS: 0.45, NH4: 0.25, TN: 0.3, TP: 0.15 },
      bodRatio: 0.3,
      colour: 25,
      pH: 7.1,
      warmer: 4,
      incidents: [
        {
          id: 'acid-pickling-discharge',
          description: 'spent pickling acid discharged',
          weight: 3,
          plateauMin: [30, 120],
          effects: { pH: level(3.2, 4.8), TSS: limit(1.3, 2.5) },
        },
        {
          id: 'oily-cooling-water',
          description: 'oily cooling water',
          weight: 1,
          plateauMin: [40, 120],
          effects: { COD: limit(1.3, 2), BOD5: limit(1.1, 1.6) },
        },
      ],
    },
    waste: { fillMultiplier: 1.3, incidents: BIN_INCIDENTS },
  },
  aluminium: {
    craft: 'aluminium',
    air: {
      schedule: 'continuous',
      pm25: 25,
      coarse: 35,
      tsp: 80,
      so2: 70,
      no2: 30,
      co: 2000,
      noise: 66,
      incidents: [
        {
          id: 'smelting-smoke',
          description: 'black smoke from scrap smelting',
          weight: 3,
          plateauMin: [70, 150],
          effects: {
            SO2: limit(1.2, 2.2),
            TSP: limit(1.1, 1.6),
            'PM2.5': scale(2, 3),
            PM10: scale(1.8, 2.6),
            CO: scale(1.5, 2.5),
          },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 900,
      schedule: 'workshop',
      fraction: { COD: 0.4, TSS: 0.45, NH4: 0.3, TN: 0.3, TP: 0.2 },
      bodRatio: 0.3,
      colour: 30,
      pH: 7.4,
      warmer: 4,
      incidents: [
        {
          id: 'alkaline-bath-dump',
          description: 'caustic cleaning bath dumped',
          weight: 2,
          plateauMin: [30, 100],
          effects: { pH: level(9.6, 11.2), TSS: limit(1.2, 2) },
        },
        {
          id: 'acid-bath-dump',
          description: 'acid cleaning bath dumped',
          weight: 1,
          plateauMin: [30, 100],
          effects: { pH: level(3.5, 5) },
        },
      ],
    },
    waste: { fillMultiplier: 1.4, incidents: BIN_INCIDENTS },
  },
  wood: {
    craft: 'wood',
    air: {
      schedule: 'workshop',
      pm25: 15,
      coarse: 55,
      tsp: 140,
      so2: 5,
      no2: 10,
      co: 400,
      noise: 70,
      incidents: [
        {
          id: 'sanding-dust',
          description: 'sanding and sawing dust without extraction',
          weight: 3,
          plateauMin: [70, 150],
          effects: { TSP: limit(1.3, 2.3), PM10: scale(2, 3.5), 'PM2.5': scale(1.3, 1.8) },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 350,
      schedule: 'workshop',
      fraction: { COD: 0.5, TSS: 0.4, NH4: 0.25, TN: 0.3, TP: 0.2 },
      bodRatio: 0.35,
      colour: 45,
      pH: 7.2,
      warmer: 2,
      incidents: [
        {
          id: 'glue-and-lacquer-wash',
          description: 'glue and lacquer wash water',
          weight: 1,
          plateauMin: [40, 120],
          effects: { COD: limit(1.5, 3), BOD5: limit(1.2, 2), Color: level(170, 260) },
        },
      ],
    },
    waste: { fillMultiplier: 1.2, incidents: BIN_INCIDENTS },
  },
  bronze: {
    craft: 'bronze',
    air: {
      schedule: 'workshop',
      pm25: 20,
      coarse: 25,
      tsp: 60,
      so2: 80,
      no2: 30,
      co: 2200,
      noise: 68,
      incidents: [
        {
          id: 'casting-smoke',
          description: 'coal furnace smoke during casting',
          weight: 1,
          plateauMin: [70, 140],
          effects: { SO2: limit(1.2, 2), CO: scale(2, 4), TSP: limit(1.05, 1.4), 'PM2.5': scale(1.5, 2.2) },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 250,
      schedule: 'workshop',
      fraction: { COD: 0.3, TSS: 0.4, NH4: 0.25, TN: 0.25, TP: 0.15 },
      bodRatio: 0.3,
      colour: 25,
      pH: 7.0,
      warmer: 3,
      incidents: [
        {
          id: 'pickling-acid',
          description: 'acid from cleaning castings',
          weight: 1,
          plateauMin: [30, 100],
          effects: { pH: level(3.5, 5) },
        },
      ],
    },
    waste: { fillMultiplier: 1, incidents: BIN_INCIDENTS },
  },
  pottery: {
    craft: 'pottery',
    air: {
      schedule: 'continuous',
      pm25: 18,
      coarse: 20,
      tsp: 50,
      so2: 60,
      no2: 20,
      co: 1800,
      noise: 58,
      incidents: [
        {
          id: 'kiln-firing-smoke',
          description: 'coal/wood kiln firing smoke',
          weight: 1,
          plateauMin: [80, 160],
          effects: {
            SO2: limit(1.1, 1.8),
            TSP: limit(1.05, 1.5),
            'PM2.5': scale(2, 3),
            PM10: scale(1.8, 2.5),
            CO: scale(2, 3),
          },
        },
      ],
    },
    wastewater: {
      flowM3PerDay: 200,
      schedule: 'workshop',
      fraction: { COD: 0.25, TSS: 0.6, NH4: 0.2, TN: 0.2, TP: 0.15 },
      bodRatio: 0.35,
      colour: 35,
      pH: 7.5,
      warmer: 2,
      incidents: [
        {
          id: 'clay-slurry',
          description: 'clay slurry from glaze preparation',
          weight: 1,
          plateauMin: [40, 120],
          effects: { TSS: limit(2, 5) },
        },
      ],
    },
    waste: { fillMultiplier: 1, incidents: BIN_INCIDENTS },
  },
};

const CRAFT_KEYWORDS: readonly (readonly [RegExp, Craft])[] = [
  [/paper|giấy/i, 'paper'],
  [/steel|thép|iron|sắt/i, 'steel'],
  [/alumin|nhôm/i, 'aluminium'],
  [/wood|gỗ/i, 'wood'],
  [/bronze|copper|đồng/i, 'bronze'],
  [/potter|ceramic|gốm/i, 'pottery'],
];

/** The profile of a cluster, chosen from its craft name (registry `craft.en` / `craft.vi`); `generic` if unknown. */
export function craftProfile(cluster: Pick<Cluster, 'craft'>): CraftProfile {
  for (const [pattern, craft] of CRAFT_KEYWORDS) {
    if (pattern.test(cluster.craft.en) || pattern.test(cluster.craft.vi)) return PROFILES[craft];
  }
  return generic;
}
