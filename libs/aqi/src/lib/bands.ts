/**
 * VN_AQI bands: QĐ 1459/QĐ-TCMT (12/11/2019), Hướng dẫn kỹ thuật mục 1.4 Bảng 1 (ranges, quality, colour and RGB
 * code), mục 3 Bảng 4 (health effects) and Bảng 5 (recommended activities for the general population and for
 * sensitive groups). Vietnamese texts are the decision's own, from the hand-checked transcript of the signed PDF
 * (public repository `qnguyenle075/hcmc-air-quality`, file `data/processed/qd_1459_vn_aqi.md`; shared
 * docs/domain.md §1.2). **The English texts are our own translation** (LàngXanh project), not an official one.
 */

/** Stable key of a band, for code and i18n. */
export type AqiBandKey = 'good' | 'moderate' | 'poor' | 'bad' | 'very_bad' | 'hazardous';

/** A text in Vietnamese (official) and English (LàngXanh's translation). */
export interface BilingualText {
  readonly vi: string;
  readonly en: string;
}

/** One VN_AQI band (QĐ 1459/QĐ-TCMT Bảng 1, 4, 5). */
export interface AqiBand {
  /** 1 (Tốt) … 6 (Nguy hại). */
  readonly level: 1 | 2 | 3 | 4 | 5 | 6;
  readonly key: AqiBandKey;
  /** Inclusive integer AQI range, e.g. 51–100. */
  readonly min: number;
  readonly max: number;
  /** "Chất lượng không khí" column of Bảng 1. */
  readonly label: BilingualText;
  /** "Màu sắc" column of Bảng 1. */
  readonly colourName: BilingualText;
  /** "Mã màu RGB" column of Bảng 1. */
  readonly rgb: readonly [number, number, number];
  /** The same colour as `#RRGGBB`. */
  readonly hex: string;
  /** Bảng 4: "Ảnh hưởng tới sức khỏe con người". */
  readonly health: BilingualText;
  /** Bảng 5: recommended activities, "những người bình thường" (general) and "nhóm người nhạy cảm" (sensitive). */
  readonly advice: { readonly general: BilingualText; readonly sensitive: BilingualText };
}

const hex = (rgb: readonly [number, number, number]): string =>
  `#${rgb.map((c) => c.toString(16).padStart(2, '0').toUpperCase()).join('')}`;

const band = (b: Omit<AqiBand, 'hex'>): AqiBand => ({ ...b, hex: hex(b.rgb) });

const STAY_INSIDE: BilingualText = {
  vi: 'Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
  en: 'Everyone should stay indoors with doors and windows closed. If you must go outside, wear a mask that meets the standard.',
};

/** The six bands, in order (QĐ 1459/QĐ-TCMT Bảng 1, 4, 5). */
export const VN_AQI_BANDS: readonly AqiBand[] = [
  band({
    level: 1,
    key: 'good',
    min: 0,
    max: 50,
    label: { vi: 'Tốt', en: 'Good' },
    colourName: { vi: 'Xanh', en: 'Green' },
    rgb: [0, 228, 0],
    health: {
      vi: 'Chất lượng không khí tốt, không ảnh hưởng tới sức khỏe',
      en: 'Air quality is good and does not affect health.',
    },
    advice: {
      general: { vi: 'Tự do thực hiện các hoạt động ngoài trời', en: 'Outdoor activities as usual.' },
      sensitive: { vi: 'Tự do thực hiện các hoạt động ngoài trời', en: 'Outdoor activities as usual.' },
    },
  }),
  band({
    level: 2,
    key: 'moderate',
    min: 51,
    max: 100,
    label: { vi: 'Trung bình', en: 'Moderate' },
    colourName: { vi: 'Vàng', en: 'Yellow' },
    rgb: [255, 255, 0],
    health: {
      vi: 'Chất lượng không khí ở mức chấp nhận được. Tuy nhiên, đối với những người nhạy cảm (người già, trẻ em, người mắc các bệnh hô hấp, tim mạch…) có thể chịu những tác động nhất định tới sức khỏe.',
      en: 'Air quality is acceptable. Sensitive people (the elderly, children, people with respiratory or heart disease…) may however feel some effects on their health.',
    },
    advice: {
      general: { vi: 'Tự do thực hiện các hoạt động ngoài trời', en: 'Outdoor activities as usual.' },
      sensitive: {
        vi: 'Nên theo dõi các triệu chứng như ho hoặc khó thở, nhưng vẫn có thể hoạt động bên ngoài.',
        en: 'Watch for symptoms such as coughing or shortness of breath, but outdoor activities are still possible.',
      },
    },
  }),
  band({
    level: 3,
    key: 'poor',
    min: 101,
    max: 150,
    label: { vi: 'Kém', en: 'Poor' },
    colourName: { vi: 'Da cam', en: 'Orange' },
    rgb: [255, 126, 0],
    health: {
      vi: 'Những người nhạy cảm gặp phải các vấn đề về sức khỏe, những người bình thường ít ảnh hưởng.',
      en: 'Sensitive people experience health problems; the general population is little affected.',
    },
    advice: {
      general: {
        vi: 'Những người thấy có triệu chứng đau mắt, ho hoặc đau họng… nên cân nhắc giảm các hoạt động ngoài trời. Đối với học sinh, có thể hoạt động bên ngoài, nhưng nên giảm bớt việc tập thể dục kéo dài.',
        en: 'People with sore eyes, a cough or a sore throat… should consider doing less outdoors. Pupils may be active outside but should cut down on prolonged exercise.',
      },
      sensitive: {
        vi: 'Nên giảm các hoạt động mạnh và giảm thời gian hoạt động ngoài trời. Những người mắc bệnh hen suyễn có thể cần sử dụng thuốc thường xuyên hơn.',
        en: 'Reduce strenuous activity and time spent outdoors. People with asthma may need their medication more often.',
      },
    },
  }),
  band({
    level: 4,
    key: 'bad',
    min: 151,
    max: 200,
    label: { vi: 'Xấu', en: 'Bad' },
    colourName: { vi: 'Đỏ', en: 'Red' },
    rgb: [255, 0, 0],
    health: {
      vi: 'Những người bình thường bắt đầu có các ảnh hưởng tới sức khỏe, nhóm người nhạy cảm có thể gặp những vấn đề sức khỏe nghiêm trọng hơn.',
      en: 'Everyone may begin to feel health effects; sensitive groups may experience more serious health problems.',
    },
    advice: {
      general: {
        vi: 'Mọi người nên giảm các hoạt động mạnh khi ở ngoài trời, tránh tập thể dục kéo dài và nghỉ ngơi nhiều hơn trong nhà.',
        en: 'Everyone should reduce strenuous outdoor activity, avoid prolonged exercise and rest more indoors.',
      },
      sensitive: {
        vi: 'Nên ở trong nhà và giảm hoạt động mạnh. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Stay indoors and reduce strenuous activity. If you must go outside, wear a mask that meets the standard.',
      },
    },
  }),
  band({
    level: 5,
    key: 'very_bad',
    min: 201,
    max: 300,
    label: { vi: 'Rất xấu', en: 'Very bad' },
    colourName: { vi: 'Tím', en: 'Purple' },
    rgb: [143, 63, 151],
    health: {
      vi: 'Cảnh báo hưởng tới sức khỏe: mọi người bị ảnh hưởng tới sức khỏe nghiêm trọng hơn.',
      en: 'Health warning: everyone experiences more serious health effects.',
    },
    advice: {
      general: {
        vi: 'Mọi người hạn chế tối đa các hoạt động ngoài trời và chuyển tất cả các hoạt động vào trong nhà. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Everyone should keep outdoor activity to a minimum and move all activities indoors. If you must go outside, wear a mask that meets the standard.',
      },
      sensitive: {
        vi: 'Nên ở trong nhà và giảm hoạt động mạnh.',
        en: 'Stay indoors and reduce strenuous activity.',
      },
    },
  }),
  band({
    level: 6,
    key: 'hazardous',
    min: 301,
    max: 500,
    label: { vi: 'Nguy hại', en: 'Hazardous' },
    colourName: { vi: 'Nâu', en: 'Maroon' },
    rgb: [126, 0, 35],
    health: {
      vi: 'Cảnh báo khẩn cấp về sức khỏe: Toàn bộ dân số bị ảnh hưởng tới sức khỏe tới mức nghiêm trọng.',
      en: 'Health emergency: the whole population is seriously affected.',
    },
    // Bảng 5 merges the two cells of this row: one text for both groups.
    advice: { general: STAY_INSIDE, sensitive: STAY_INSIDE },
  }),
];

/**
 * The band of a rounded VN_AQI value (QĐ 1459/QĐ-TCMT Bảng 1). Values are integers after rounding (mục 2.2.1 c);
 * a fractional value is placed by its rounded value. Values above 500 are in the last band (the index is capped).
 * @throws RangeError for a negative or non-finite value.
 */
export function aqiBand(aqi: number): AqiBand {
  if (!Number.isFinite(aqi) || aqi < 0) throw new RangeError(`AQI must be a finite number ≥ 0, got ${aqi}`);
  const rounded = Math.round(aqi);
  return VN_AQI_BANDS.find((b) => rounded <= b.max) ?? VN_AQI_BANDS[VN_AQI_BANDS.length - 1];
}
