/**
 * JSON Schemas (OpenAPI 3.1 components) of the REST API's response DTOs, GENERATED from the TypeScript interfaces of
 * libs/contracts/src/lib/api by `typescript-json-schema` — do not edit the schemas by hand. To add a DTO, add its
 * exported name to {@link DTO_NAMES} and run
 * `UPDATE_OPENAPI_SCHEMAS=1 npx jest -c apps/ingester/jest.config.js dto-schemas` (the same test fails while this file
 * is stale).
 */

/** The response DTOs described (each an exported interface of libs/contracts/src/lib/api). */
export const DTO_NAMES = [
  'HealthDto',
  'LivenessDto',
  'ClusterDto',
  'StationDto',
  'ReadingsDto',
  'AlertDto',
  'AcknowledgeAlertsResultDto',
  'SilenceDto',
  'UserDto',
  'SessionDto',
  'ApiTokenDto',
  'CreatedApiTokenDto',
  'AuditEntry',
  'AqiOverviewDto',
  'StationAqiDto',
  'ComplianceReportDto',
  'DeliveryRecord',
  'ImportBatchResultDto',
  'DeleteReadingsResultDto',
  'ProblemDetailsDto',
  'CurrentRegistryDto',
  'RegistryVersionSummaryDto',
  'RegistryVersionDto',
  'RegistryChangeDto',
  'RegistryStationChangeDto',
] as const;

/** A response DTO's component name. */
export type DtoName = (typeof DTO_NAMES)[number];

export const DTO_SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "AcknowledgeAlertsResultDto": {
    "description": "Answer of `POST /api/alerts/acknowledge`: the alerts acknowledged now, and those left as they were, in the order\ngiven: `conflict` already acknowledged or resolved meanwhile, `too_many_comments` the comment would exceed the\nalert's comment limit.",
    "type": "object",
    "properties": {
      "acknowledged": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AlertDto"
        }
      },
      "skipped": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "id": {
              "type": "string"
            },
            "reason": {
              "enum": [
                "conflict",
                "too_many_comments"
              ],
              "type": "string"
            }
          },
          "required": [
            "id",
            "reason"
          ]
        }
      }
    },
    "required": [
      "acknowledged",
      "skipped"
    ]
  },
  "AlertCommentDto": {
    "description": "A person's note on an alert (`POST /api/alerts/{id}/comments`, or the comment given when acknowledging).",
    "type": "object",
    "properties": {
      "by": {
        "description": "Username of the author.",
        "type": "string"
      },
      "at": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "text": {
        "type": "string"
      }
    },
    "required": [
      "at",
      "by",
      "text"
    ]
  },
  "AlertDto": {
    "description": "`GET /api/alerts` and the `alert` socket event.",
    "type": "object",
    "properties": {
      "id": {
        "description": "`{station}:{ruleId}:{raisedAt epoch ms}`.",
        "type": "string"
      },
      "cluster": {
        "type": "string"
      },
      "station": {
        "type": "string"
      },
      "kind": {
        "$ref": "#/components/schemas/StationKind"
      },
      "parameter": {
        "type": "string"
      },
      "ruleId": {
        "type": "string"
      },
      "state": {
        "$ref": "#/components/schemas/AlertState"
      },
      "severity": {
        "$ref": "#/components/schemas/AlertSeverity"
      },
      "comparison": {
        "enum": [
          "above",
          "atOrAbove",
          "below",
          "outside"
        ],
        "type": "string"
      },
      "min": {
        "type": "number"
      },
      "max": {
        "type": "number"
      },
      "unit": {
        "type": "string"
      },
      "averagingPeriod": {
        "$ref": "#/components/schemas/AveragingPeriod"
      },
      "source": {
        "$ref": "#/components/schemas/LimitSource"
      },
      "triggerValue": {
        "description": "The (averaged) value that raised the alert.",
        "type": "number"
      },
      "peakValue": {
        "description": "Worst value seen while active.",
        "type": "number"
      },
      "lastValue": {
        "type": "number"
      },
      "raisedAt": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "lastValueAt": {
        "type": "string"
      },
      "resolvedAt": {
        "type": "string"
      },
      "acknowledgedBy": {
        "description": "Username and ISO 8601 UTC time of the acknowledgement, once acknowledged.",
        "type": "string"
      },
      "acknowledgedAt": {
        "type": "string"
      },
      "comments": {
        "description": "Oldest first.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AlertCommentDto"
        }
      },
      "type": {
        "description": "Absent means `threshold`.",
        "enum": [
          "device-fault",
          "offline",
          "system",
          "threshold"
        ],
        "type": "string"
      },
      "escalatedAt": {
        "description": "ISO 8601 UTC: when the unacknowledged critical alert was escalated to the department.",
        "type": "string"
      }
    },
    "required": [
      "averagingPeriod",
      "cluster",
      "comparison",
      "id",
      "kind",
      "lastValue",
      "lastValueAt",
      "parameter",
      "peakValue",
      "raisedAt",
      "ruleId",
      "severity",
      "source",
      "state",
      "station",
      "triggerValue",
      "unit"
    ]
  },
  "AlertSeverity": {
    "description": "`warning`: approaching the limit (a configured fraction of it); `critical`: the limit is exceeded.",
    "enum": [
      "critical",
      "warning"
    ],
    "type": "string"
  },
  "AlertState": {
    "description": "Alert lifecycle: `active` (raised, nobody has acted) → `acknowledged` (a person in scope took it) → `resolved`\n(the clear condition held). An acknowledged alert still resolves on its own.",
    "enum": [
      "acknowledged",
      "active",
      "resolved"
    ],
    "type": "string"
  },
  "ApiTokenDto": {
    "description": "An API token as `GET /api/tokens` lists it (never its secret).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "role": {
        "$ref": "#/components/schemas/Role"
      },
      "clusters": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "scopes": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/TokenScope"
        }
      },
      "createdAt": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "createdBy": {
        "type": "string"
      }
    },
    "required": [
      "clusters",
      "createdAt",
      "createdBy",
      "id",
      "name",
      "role",
      "scopes"
    ]
  },
  "AqiBandDto": {
    "description": "A band as the API sends it: key, level 1–6 and the official colour (`#RRGGBB`, Bảng 1).",
    "type": "object",
    "properties": {
      "key": {
        "$ref": "#/components/schemas/AqiBandKeyDto"
      },
      "level": {
        "type": "number"
      },
      "colour": {
        "type": "string"
      }
    },
    "required": [
      "colour",
      "key",
      "level"
    ]
  },
  "AqiBandKeyDto": {
    "description": "Key of a VN_AQI band (QĐ 1459/QĐ-TCMT Bảng 1): `good` 0–50 Tốt, `moderate` 51–100 Trung bình, `poor` 101–150\nKém, `bad` 151–200 Xấu, `very_bad` 201–300 Rất xấu, `hazardous` 301–500 Nguy hại. Labels, health texts\n(Bảng 4, 5) and colours: `VN_AQI_BANDS` of `@langxanh/aqi`.",
    "enum": [
      "bad",
      "good",
      "hazardous",
      "moderate",
      "poor",
      "very_bad"
    ],
    "type": "string"
  },
  "AqiOverviewDto": {
    "description": "`GET /api/aqi?at=`: the current hourly VN_AQI of every air station, for the overview and the map (one InfluxDB\nquery for all stations). Same method and `at` rule as {@link StationAqiDto}.",
    "type": "object",
    "properties": {
      "scale": {
        "type": "string",
        "const": "VN_AQI"
      },
      "at": {
        "type": "string"
      },
      "stations": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "station": {
              "type": "string"
            },
            "cluster": {
              "type": "string"
            },
            "time": {
              "description": "End of the hour, ISO 8601 UTC.",
              "type": "string"
            },
            "aqi": {
              "type": [
                "null",
                "number"
              ]
            },
            "band": {
              "anyOf": [
                {
                  "$ref": "#/components/schemas/AqiBandDto"
                },
                {
                  "type": "null"
                }
              ]
            },
            "dominant": {
              "anyOf": [
                {
                  "enum": [
                    "CO",
                    "NO2",
                    "O3",
                    "PM10",
                    "PM2.5",
                    "SO2"
                  ],
                  "type": "string"
                },
                {
                  "type": "null"
                }
              ]
            }
          },
          "required": [
            "aqi",
            "band",
            "cluster",
            "dominant",
            "station",
            "time"
          ]
        }
      }
    },
    "required": [
      "at",
      "scale",
      "stations"
    ]
  },
  "AqiParameterKey": {
    "description": "The six VN_AQI parameters (QĐ 1459/QĐ-TCMT mục 2.1 b), keyed as in the parameter catalogue.",
    "enum": [
      "CO",
      "NO2",
      "O3",
      "PM10",
      "PM2.5",
      "SO2"
    ],
    "type": "string"
  },
  "AqiSubIndexDto": {
    "description": "One parameter's VN_AQI sub-index (AQIx).",
    "type": "object",
    "properties": {
      "parameter": {
        "$ref": "#/components/schemas/AqiParameterKey"
      },
      "basis": {
        "description": "What the concentration is: `nowcast` (hourly PM2.5/PM10), `1h` (hourly gases), `24h` (daily PM mean),\n`max1h` / `max8h` (daily maximum 1-h / 8-h mean; O3 has both).",
        "enum": [
          "1h",
          "24h",
          "max1h",
          "max8h",
          "nowcast"
        ],
        "type": "string"
      },
      "concentration": {
        "description": "µg/m³ (CO included), unrounded.",
        "type": "number"
      },
      "aqi": {
        "description": "AQIx rounded half-up to an integer.",
        "type": "number"
      },
      "dominant": {
        "description": "True for the entry with the highest AQIx (QĐ 1459 Bảng 3: the dominant parameter must be marked).",
        "type": "boolean"
      }
    },
    "required": [
      "aqi",
      "basis",
      "concentration",
      "dominant",
      "parameter"
    ]
  },
  "AuditEntry": {
    "description": "One audit-log line (`GET /api/audit`, `AUTH_DATA_DIR/audit.jsonl`): who did what, when, from where, and how it ended.",
    "type": "object",
    "properties": {
      "at": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "actor": {
        "description": "Username, `token:<name>`, or `anonymous`.",
        "type": "string"
      },
      "role": {
        "type": "string"
      },
      "action": {
        "description": "e.g. `auth.login`, `user.create`, `alert.acknowledge`.",
        "type": "string"
      },
      "target": {
        "type": "object"
      },
      "changes": {
        "type": "object"
      },
      "outcome": {
        "enum": [
          "denied",
          "failed",
          "ok"
        ],
        "type": "string"
      },
      "status": {
        "description": "HTTP status answered.",
        "type": "number"
      },
      "ip": {
        "description": "Client IP (behind a proxy: see TRUST_PROXY).",
        "type": "string"
      }
    },
    "required": [
      "action",
      "actor",
      "at",
      "outcome"
    ]
  },
  "AveragesHealthDto": {
    "description": "`HealthDto.averages`: the warm-up of the averaging windows from storage. Counts are stations with averaged rules.",
    "type": "object",
    "properties": {
      "state": {
        "enum": [
          "partial",
          "ready",
          "warming"
        ],
        "type": "string"
      },
      "stations": {
        "type": "object",
        "properties": {
          "warmed": {
            "type": "number"
          },
          "total": {
            "type": "number"
          }
        },
        "required": [
          "total",
          "warmed"
        ]
      },
      "failed": {
        "description": "Stations whose stored history could not be read in the last attempt.",
        "type": "number"
      },
      "attempts": {
        "description": "Attempts so far (1 without a retry).",
        "type": "number"
      },
      "since": {
        "description": "ISO 8601 UTC: start of the process (the warm-up reads the 24 h before it).",
        "type": "string"
      },
      "finishedAt": {
        "description": "ISO 8601 UTC: when it ended (`ready` or `partial`).",
        "type": "string"
      },
      "lastError": {
        "type": "string"
      }
    },
    "required": [
      "attempts",
      "failed",
      "since",
      "state",
      "stations"
    ]
  },
  "AveragingPeriod": {
    "description": "Averaging period a limit applies to. QCVN 05:2023/BTNMT sets air limits per period (1 h, 8 h, 24 h, year);\nQCVN 40:2011/BTNMT wastewater limits apply to each measured value (`instant`).\n- `1h`, `8h`, `24h`: rolling mean over the period ending at the reading's time;\n- `calendarDay`: mean since 00:00 of the reading's calendar day in Vietnam time (Asia/Ho_Chi_Minh), e.g. a\n  permit's daily mean; its coverage is counted against the whole day (1 440 minutes).",
    "enum": [
      "1h",
      "24h",
      "8h",
      "calendarDay",
      "instant"
    ],
    "type": "string"
  },
  "ClusterDto": {
    "description": "`GET /api/clusters`: one craft-village cluster.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "craft": {
        "type": "object",
        "properties": {
          "vi": {
            "type": "string"
          },
          "en": {
            "type": "string"
          }
        },
        "required": [
          "en",
          "vi"
        ]
      },
      "commune": {
        "type": "string"
      },
      "location": {
        "type": "object",
        "properties": {
          "lat": {
            "type": "number"
          },
          "lon": {
            "type": "number"
          }
        },
        "required": [
          "lat",
          "lon"
        ]
      },
      "manager": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "phone": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "telegramChatId": {
            "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
            "type": "string"
          },
          "zaloUserId": {
            "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
            "type": "string"
          }
        },
        "required": [
          "email",
          "name",
          "phone"
        ]
      },
      "stationIds": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    },
    "required": [
      "commune",
      "craft",
      "id",
      "location",
      "manager",
      "name",
      "stationIds"
    ]
  },
  "ClusterHealthDto": {
    "description": "`GET /api/health` → `cluster`: which node this is and what it owns (absent on a single node, REDIS_URL unset).",
    "type": "object",
    "properties": {
      "node": {
        "description": "NODE_ID of the node that answered.",
        "type": "string"
      },
      "redisConnected": {
        "description": "Whether its Redis connection is up (membership, claims and socket.io's adapter need it).",
        "type": "boolean"
      },
      "peers": {
        "description": "The live nodes it sees (its own included), sorted; a node whose heartbeat is older than CLUSTER_NODE_TTL_MS is gone.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "ownedStations": {
        "description": "Registry stations it owns now (it announces their alert changes and notifications), of `stations`.",
        "type": "number"
      },
      "stations": {
        "type": "number"
      },
      "shareGroup": {
        "description": "The `$share/<group>/…` group its storage subscription is in.",
        "type": "string"
      },
      "claims": {
        "description": "Announcements (alert changes, notifications) it claimed, and those another node had claimed first.",
        "type": "object",
        "properties": {
          "won": {
            "type": "number"
          },
          "lost": {
            "type": "number"
          }
        },
        "required": [
          "lost",
          "won"
        ]
      }
    },
    "required": [
      "claims",
      "node",
      "ownedStations",
      "peers",
      "redisConnected",
      "shareGroup",
      "stations"
    ]
  },
  "ComplianceReportDto": {
    "description": "`GET /api/stations/{id}/compliance?from=&to=` (JSON) and `&format=csv` (RFC 4180, UTF-8 with a byte-order mark\nfor spreadsheet programs, CRLF lines, times in Vietnam time with `+07:00`; same columns as the row fields).\n`from`/`to`: an ISO 8601 time (without an offset: Vietnam time), a Vietnam calendar day `YYYY-MM-DD` or a month\n`YYYY-MM`; a day or month as `from` means its start, as `to` its end (so `from=2026-11&to=2026-11` is\nNovember and `from=2026-11-28&to=2026-11-28` that day). Limits from the station's standard in force on each day.",
    "type": "object",
    "properties": {
      "station": {
        "type": "string"
      },
      "cluster": {
        "type": "string"
      },
      "kind": {
        "$ref": "#/components/schemas/StationKind"
      },
      "from": {
        "description": "ISO 8601 UTC, [from, to): the period asked for.",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "until": {
        "description": "ISO 8601 UTC: the end of what was counted, the earlier of `to` and the time of the report. Compliance counts\nelapsed time only (expected samples and means up to here; rows' `to` never later).",
        "type": "string"
      },
      "excludedStatuses": {
        "description": "Datalogger statuses left out (TT 10/2021/TT-BTNMT: `01` calibrating, `02` device error).",
        "type": "array",
        "items": {
          "enum": [
            "00",
            "01",
            "02"
          ],
          "type": "string"
        }
      },
      "rows": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ComplianceRowDto"
        }
      }
    },
    "required": [
      "cluster",
      "excludedStatuses",
      "from",
      "kind",
      "rows",
      "station",
      "to",
      "until"
    ]
  },
  "ComplianceRowDto": {
    "description": "One limit of a compliance report. Counted per the limit's averaging period: `instant` limits per sample; `1h`\nper clock-hour mean; `8h` per 8-h mean ending at each whole hour (≥ 6 of 8 hourly means); `24h` per Vietnam\ncalendar-day mean (≥ 18 of 24 hourly means, days wholly inside the range). An hourly mean is the mean of the\nhour's samples with status `00`; samples with status `01` (calibrating) or `02` (error) are excluded everywhere.",
    "type": "object",
    "properties": {
      "parameter": {
        "type": "string"
      },
      "unit": {
        "type": "string"
      },
      "ruleId": {
        "type": "string"
      },
      "comparison": {
        "enum": [
          "above",
          "atOrAbove",
          "below",
          "outside"
        ],
        "type": "string"
      },
      "min": {
        "type": "number"
      },
      "max": {
        "type": "number"
      },
      "averagingPeriod": {
        "$ref": "#/components/schemas/AveragingPeriod"
      },
      "source": {
        "$ref": "#/components/schemas/LimitSource"
      },
      "from": {
        "description": "Part of the report range this limit was in force (ISO 8601 UTC; a limit may change on an effective date).",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "basis": {
        "description": "`samples` for instant limits, else the averaging period whose means are counted.",
        "enum": [
          "1h",
          "24h",
          "8h",
          "samples"
        ],
        "type": "string"
      },
      "expected": {
        "description": "Samples (station's expected interval) or means the span should have.",
        "type": "number"
      },
      "measured": {
        "description": "Samples with status `00`, or valid means.",
        "type": "number"
      },
      "completenessPct": {
        "description": "measured / expected × 100, one decimal, at most 100; null when nothing was expected.",
        "type": [
          "null",
          "number"
        ]
      },
      "excludedSamples": {
        "description": "Samples of the parameter with status `01` or `02` in the span, left out.",
        "type": "number"
      },
      "exceedances": {
        "description": "Samples or means that break the limit (same comparison as the alert rules).",
        "type": "number"
      },
      "exceedanceSharePct": {
        "description": "exceedances / measured × 100, one decimal; null when nothing was measured.",
        "type": [
          "null",
          "number"
        ]
      },
      "worst": {
        "description": "The value furthest beyond (or closest to) the limit, or null when nothing was measured.",
        "anyOf": [
          {
            "$ref": "#/components/schemas/ComplianceWorstDto"
          },
          {
            "type": "null"
          }
        ]
      }
    },
    "required": [
      "averagingPeriod",
      "basis",
      "comparison",
      "completenessPct",
      "exceedanceSharePct",
      "exceedances",
      "excludedSamples",
      "expected",
      "from",
      "measured",
      "parameter",
      "ruleId",
      "source",
      "to",
      "unit",
      "worst"
    ]
  },
  "ComplianceWorstDto": {
    "description": "The worst value of a compliance row and the span it covers (a sample: `from` = `to`).",
    "type": "object",
    "properties": {
      "value": {
        "type": "number"
      },
      "from": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "to": {
        "type": "string"
      }
    },
    "required": [
      "from",
      "to",
      "value"
    ]
  },
  "CreatedApiTokenDto": {
    "description": "Answer of `POST /api/tokens`: the secret `token` (`lxt_…`) is shown this once; only its hash is stored.",
    "type": "object",
    "properties": {
      "token": {
        "type": "string"
      },
      "info": {
        "$ref": "#/components/schemas/ApiTokenDto"
      }
    },
    "required": [
      "info",
      "token"
    ]
  },
  "CurrentRegistryDto": {
    "description": "`GET /api/registry`: the registry in force, in the registry file's shape, with its version.",
    "type": "object",
    "properties": {
      "version": {
        "type": "number"
      },
      "changedAt": {
        "type": "string"
      },
      "changedBy": {
        "type": "string"
      },
      "registry": {
        "type": "object",
        "properties": {
          "province": {
            "type": "string"
          },
          "clusters": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "craft": {
                  "type": "object",
                  "properties": {
                    "vi": {
                      "type": "string"
                    },
                    "en": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "en",
                    "vi"
                  ]
                },
                "commune": {
                  "description": "Ward or commune after the 2025 merger (province → ward/commune), e.g. \"Phường Phong Khê\".",
                  "type": "string"
                },
                "location": {
                  "type": "object",
                  "properties": {
                    "lat": {
                      "type": "number"
                    },
                    "lon": {
                      "type": "number"
                    }
                  },
                  "required": [
                    "lat",
                    "lon"
                  ]
                },
                "manager": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "phone": {
                      "type": "string"
                    },
                    "email": {
                      "type": "string"
                    },
                    "telegramChatId": {
                      "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                      "type": "string"
                    },
                    "zaloUserId": {
                      "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                      "type": "string"
                    }
                  },
                  "required": [
                    "email",
                    "name",
                    "phone"
                  ]
                },
                "stations": {
                  "type": "array",
                  "items": {
                    "anyOf": [
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "wastewater"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "qcvn": {
                                "type": "string",
                                "const": "QCVN 40:2011/BTNMT"
                              },
                              "column": {
                                "enum": [
                                  "A",
                                  "B"
                                ],
                                "type": "string"
                              },
                              "kq": {
                                "type": "number"
                              },
                              "kf": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "column",
                              "kf",
                              "kq",
                              "qcvn"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "air"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "qcvn": {
                                "type": "string",
                                "const": "QCVN 05:2023/BTNMT"
                              }
                            },
                            "required": [
                              "qcvn"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "waste"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "fullThresholdPct": {
                                "type": "number"
                              },
                              "capacityL": {
                                "type": "number"
                              },
                              "wasteCategory": {
                                "enum": [
                                  "food",
                                  "industrial",
                                  "other",
                                  "recyclable"
                                ],
                                "type": "string"
                              }
                            },
                            "required": [
                              "capacityL",
                              "fullThresholdPct",
                              "wasteCategory"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      }
                    ]
                  }
                },
                "contacts": {
                  "description": "Further people who receive the cluster's alerts (deputies, plant operators); optional.",
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "phone": {
                        "type": "string"
                      },
                      "email": {
                        "type": "string"
                      },
                      "telegramChatId": {
                        "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                        "type": "string"
                      },
                      "zaloUserId": {
                        "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                        "type": "string"
                      }
                    },
                    "required": [
                      "email",
                      "name",
                      "phone"
                    ]
                  }
                }
              },
              "required": [
                "commune",
                "craft",
                "id",
                "location",
                "manager",
                "name",
                "stations"
              ]
            }
          },
          "department": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "phone": {
                "type": "string"
              },
              "email": {
                "type": "string"
              },
              "telegramChatId": {
                "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                "type": "string"
              },
              "zaloUserId": {
                "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                "type": "string"
              }
            },
            "required": [
              "email",
              "name",
              "phone"
            ]
          }
        },
        "required": [
          "clusters",
          "province"
        ]
      }
    },
    "required": [
      "changedAt",
      "changedBy",
      "registry",
      "version"
    ]
  },
  "DailyAqiDto": {
    "description": "Daily VN_AQI of a Vietnam calendar day (hours ending 01:00 … 00:00 next day, QĐ 1459 mục 2.2.2).",
    "type": "object",
    "properties": {
      "date": {
        "description": "`YYYY-MM-DD`, Asia/Ho_Chi_Minh.",
        "type": "string"
      },
      "aqi": {
        "type": [
          "null",
          "number"
        ]
      },
      "band": {
        "anyOf": [
          {
            "$ref": "#/components/schemas/AqiBandDto"
          },
          {
            "type": "null"
          }
        ]
      },
      "dominant": {
        "anyOf": [
          {
            "enum": [
              "CO",
              "NO2",
              "O3",
              "PM10",
              "PM2.5",
              "SO2"
            ],
            "type": "string"
          },
          {
            "type": "null"
          }
        ]
      },
      "subIndices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AqiSubIndexDto"
        }
      },
      "hoursPresent": {
        "type": "object",
        "properties": {
          "PM2.5": {
            "type": "number"
          },
          "PM10": {
            "type": "number"
          },
          "O3": {
            "type": "number"
          },
          "NO2": {
            "type": "number"
          },
          "SO2": {
            "type": "number"
          },
          "CO": {
            "type": "number"
          }
        }
      },
      "provisional": {
        "description": "Fewer than 18 of 24 hourly means for a parameter in the index (LàngXanh policy; QĐ 1459 sets none).",
        "type": "boolean"
      },
      "reason": {
        "const": "no_pm",
        "type": "string"
      },
      "usEpa": {
        "$ref": "#/components/schemas/UsEpaAqiDto"
      }
    },
    "required": [
      "aqi",
      "band",
      "date",
      "dominant",
      "hoursPresent",
      "provisional",
      "subIndices"
    ]
  },
  "DeleteReadingsResultDto": {
    "description": "Answer of `DELETE /api/stations/{id}/readings?from=&to=`: what was deleted (times ISO 8601 UTC).",
    "type": "object",
    "properties": {
      "station": {
        "type": "string"
      },
      "from": {
        "type": "string"
      },
      "to": {
        "type": "string"
      }
    },
    "required": [
      "from",
      "station",
      "to"
    ]
  },
  "DeliveryRecord": {
    "description": "The final outcome of one notification on one channel, stored in `alert_notification` and listed by\n`GET /api/notifications`.",
    "type": "object",
    "properties": {
      "id": {
        "description": "`{notification key}|{channel}`.",
        "type": "string"
      },
      "key": {
        "type": "string"
      },
      "channel": {
        "$ref": "#/components/schemas/NotificationChannelName"
      },
      "alertId": {
        "type": "string"
      },
      "cluster": {
        "type": "string"
      },
      "station": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/NotificationStage"
      },
      "outcome": {
        "description": "`sent`; `failed` after NOTIFY_MAX_ATTEMPTS; `suppressed` by a silence or maintenance window.",
        "enum": [
          "failed",
          "sent",
          "suppressed"
        ],
        "type": "string"
      },
      "attempts": {
        "type": "number"
      },
      "error": {
        "type": "string"
      },
      "silence": {
        "type": "string"
      },
      "recipients": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "at": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      }
    },
    "required": [
      "alertId",
      "at",
      "attempts",
      "channel",
      "cluster",
      "id",
      "key",
      "outcome",
      "recipients",
      "stage",
      "station"
    ]
  },
  "FieldErrorDto": {
    "description": "One field error of a refused change: the zod issue path inside the request body, and its message.",
    "type": "object",
    "properties": {
      "path": {
        "type": "array",
        "items": {
          "type": [
            "string",
            "number"
          ]
        }
      },
      "message": {
        "type": "string"
      }
    },
    "required": [
      "message",
      "path"
    ]
  },
  "HealthDto": {
    "description": "`GET /api/health`: HTTP 200 when the broker is connected, InfluxDB takes writes and the spool has room; else 503\nwith the same body. `GET /api/health/live` (liveness) and `GET /api/health/ready` (readiness: broker connected and\nspool accepting — readings are still accepted while only InfluxDB is down) answer with the same body.",
    "type": "object",
    "properties": {
      "cluster": {
        "$ref": "#/components/schemas/ClusterHealthDto"
      },
      "status": {
        "enum": [
          "degraded",
          "ok"
        ],
        "type": "string"
      },
      "uptimeS": {
        "type": "number"
      },
      "broker": {
        "type": "object",
        "properties": {
          "connected": {
            "type": "boolean"
          },
          "url": {
            "type": "string"
          },
          "since": {
            "description": "ISO 8601 UTC of the last connect or disconnect.",
            "type": "string"
          },
          "reconnectAttempts": {
            "type": "number"
          },
          "lastError": {
            "type": "string"
          },
          "version": {
            "description": "`$SYS/broker/version`, when the broker publishes it.",
            "type": "string"
          },
          "dropped": {
            "description": "Messages the broker says it dropped (Mosquitto `$SYS/broker/publish/messages/dropped`, for any client): its\ncounter since it started, and the growth this ingester saw (ISO 8601 UTC of the newest). Absent when unknown.",
            "type": "object",
            "properties": {
              "broker": {
                "type": "number"
              },
              "observed": {
                "type": "number"
              },
              "lastIncreaseAt": {
                "type": "string"
              }
            },
            "required": [
              "broker",
              "observed"
            ]
          },
          "takeovers": {
            "description": "Session take-overs detected since start-up (another client with the ingester's client id).",
            "type": "number"
          },
          "warnings": {
            "description": "Known-unsafe broker settings, and what cannot be checked.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "evaluationConnected": {
            "description": "Several nodes: whether the evaluation session (`<MQTT_CLIENT_ID>-eval`, every reading for the alert state) is\nconnected; readiness needs it too. Absent on a single node.",
            "type": "boolean"
          }
        },
        "required": [
          "connected",
          "url"
        ]
      },
      "database": {
        "type": "object",
        "properties": {
          "reachable": {
            "type": "boolean"
          },
          "writing": {
            "description": "False while writes fail (the spool keeps the data).",
            "type": "boolean"
          },
          "lastWriteAt": {
            "type": "string"
          },
          "lastError": {
            "type": "string"
          },
          "api": {
            "description": "Write API in use: `v1` (`/write`, InfluxDB 1.x) or `v2` (`/api/v2/write`, InfluxDB 2.x/3.x).",
            "enum": [
              "v1",
              "v2"
            ],
            "type": "string"
          },
          "version": {
            "type": "string"
          }
        },
        "required": [
          "api",
          "reachable"
        ]
      },
      "spool": {
        "description": "The on-disk spool: what is accepted (and acknowledged) but not yet written to InfluxDB.",
        "type": "object",
        "properties": {
          "pendingLines": {
            "type": "number"
          },
          "pendingBytes": {
            "type": "number"
          },
          "maxBytes": {
            "type": "number"
          },
          "oldestAgeS": {
            "description": "Age in seconds of the oldest line not yet written (0 when none).",
            "type": "number"
          },
          "full": {
            "type": "boolean"
          },
          "policy": {
            "enum": [
              "block",
              "drop-oldest"
            ],
            "type": "string"
          }
        },
        "required": [
          "full",
          "maxBytes",
          "oldestAgeS",
          "pendingBytes",
          "pendingLines",
          "policy"
        ]
      },
      "counters": {
        "type": "object",
        "properties": {
          "messages": {
            "type": "number"
          },
          "readingsAccepted": {
            "type": "number"
          },
          "rejections": {
            "type": "object"
          },
          "normalisations": {
            "type": "object"
          },
          "retainedReplays": {
            "type": "number"
          },
          "duplicateReadings": {
            "description": "Identical redeliveries of a station's reading at a time already stored (not stored again; same-time.ts).",
            "type": "number"
          },
          "deadLetters": {
            "type": "number"
          },
          "spooled": {
            "type": "number"
          },
          "pointsWritten": {
            "type": "number"
          },
          "writeFailures": {
            "type": "number"
          },
          "pointsDropped": {
            "description": "Points that will never reach InfluxDB (refused by it and quarantined, or dropped from a full spool).",
            "type": "number"
          }
        },
        "required": [
          "messages",
          "pointsDropped",
          "pointsWritten",
          "readingsAccepted",
          "rejections",
          "writeFailures"
        ]
      },
      "notifications": {
        "description": "Alert notifications since start-up (issue: alerting): per channel and outcome (`sent`, `failed` after every\nretry, `suppressed` by a silence, `retried` attempts), and how many are being retried now. A failing channel\ndoes not make the ingester unhealthy; it shows here, in `GET /api/notifications` and in the logs.",
        "type": "object",
        "properties": {
          "byChannel": {
            "type": "object"
          },
          "retrying": {
            "type": "number"
          }
        },
        "required": [
          "byChannel",
          "retrying"
        ]
      },
      "averages": {
        "$ref": "#/components/schemas/AveragesHealthDto"
      }
    },
    "required": [
      "broker",
      "counters",
      "database",
      "status",
      "uptimeS"
    ]
  },
  "HourlyAqiDto": {
    "description": "Hourly VN_AQI of the hour ending at `time` (QĐ 1459 labels an hour by its end: 20:00 = 19:00–20:00).",
    "type": "object",
    "properties": {
      "time": {
        "description": "End of the hour, ISO 8601 UTC.",
        "type": "string"
      },
      "aqi": {
        "description": "Integer VN_AQI, or null when no PM2.5/PM10 NowCast could be computed (`reason`).",
        "type": [
          "null",
          "number"
        ]
      },
      "band": {
        "anyOf": [
          {
            "$ref": "#/components/schemas/AqiBandDto"
          },
          {
            "type": "null"
          }
        ]
      },
      "dominant": {
        "anyOf": [
          {
            "enum": [
              "CO",
              "NO2",
              "O3",
              "PM10",
              "PM2.5",
              "SO2"
            ],
            "type": "string"
          },
          {
            "type": "null"
          }
        ]
      },
      "subIndices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AqiSubIndexDto"
        }
      },
      "nowcast": {
        "description": "NowCast concentrations used, µg/m³ (present when computable: ≥ 2 of the last 3 hours).",
        "type": "object",
        "properties": {
          "PM2.5": {
            "type": "number"
          },
          "PM10": {
            "type": "number"
          }
        }
      },
      "reason": {
        "description": "`no_pm`: neither PM2.5 nor PM10 available (QĐ 1459 mục 2.1 b).",
        "const": "no_pm",
        "type": "string"
      }
    },
    "required": [
      "aqi",
      "band",
      "dominant",
      "nowcast",
      "subIndices",
      "time"
    ]
  },
  "ImportBatchResultDto": {
    "description": "Answer of `POST /api/stations/{id}/readings`, sent once the stored readings are appended to the spool (durable:\nthey reach InfluxDB even if it is down now).",
    "type": "object",
    "properties": {
      "station": {
        "type": "string"
      },
      "received": {
        "type": "number"
      },
      "stored": {
        "description": "Readings stored (at least one value each).",
        "type": "number"
      },
      "refused": {
        "type": "object"
      },
      "droppedValues": {
        "type": "object"
      },
      "rejections": {
        "description": "The first {@link MAX_LISTED_REJECTIONS} rejections.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ImportRejectionDto"
        }
      }
    },
    "required": [
      "droppedValues",
      "received",
      "refused",
      "rejections",
      "station",
      "stored"
    ]
  },
  "ImportRejectionDto": {
    "description": "One refusal in an {@link ImportBatchResultDto}: the reading's index in the batch and the rule that decided.",
    "type": "object",
    "properties": {
      "index": {
        "type": "number"
      },
      "reason": {
        "description": "Rule id of libs/contracts input-rules.ts (`out_of_range`, `time_out_of_bounds`, …).",
        "type": "string"
      },
      "parameter": {
        "description": "Set when one value was dropped from a stored reading.",
        "type": "string"
      },
      "detail": {
        "type": "string"
      }
    },
    "required": [
      "detail",
      "index",
      "reason"
    ]
  },
  "LimitSource": {
    "description": "Where a limit comes from: document (id and version, e.g. `QCVN 05:2023/BTNMT`, or a permit number), table/column,\nand the dates it is in force (ISO dates, Vietnam-time calendar days).",
    "type": "object",
    "properties": {
      "document": {
        "description": "e.g. `QCVN 05:2023/BTNMT` (id `QCVN 05`, version `2023`), or `Giấy phép môi trường 123/GP-UBND`.",
        "type": "string"
      },
      "clause": {
        "description": "e.g. `Bảng 1`, `Bảng 1 cột B`.",
        "type": "string"
      },
      "effectiveFrom": {
        "type": "string"
      },
      "effectiveTo": {
        "description": "Exclusive end date, when a later value replaces this one.",
        "type": "string"
      },
      "note": {
        "description": "Free text, e.g. the Kq/Kf applied.",
        "type": "string"
      },
      "en": {
        "$ref": "#/components/schemas/LimitSourceText"
      }
    },
    "required": [
      "clause",
      "document",
      "effectiveFrom"
    ]
  },
  "LimitSourceText": {
    "description": "A limit source's wording in one language.",
    "type": "object",
    "properties": {
      "document": {
        "type": "string"
      },
      "clause": {
        "type": "string"
      },
      "note": {
        "type": "string"
      }
    },
    "required": [
      "clause",
      "document"
    ]
  },
  "LivenessDto": {
    "description": "`GET /api/health` (and `/live`, `/ready`) without credentials: whether it is up and which part is down (same HTTP\ncodes), without addresses, versions or counters.",
    "type": "object",
    "properties": {
      "status": {
        "enum": [
          "degraded",
          "ok"
        ],
        "type": "string"
      },
      "broker": {
        "type": "object",
        "properties": {
          "connected": {
            "type": "boolean"
          }
        },
        "required": [
          "connected"
        ]
      },
      "database": {
        "type": "object",
        "properties": {
          "reachable": {
            "type": "boolean"
          }
        },
        "required": [
          "reachable"
        ]
      }
    },
    "required": [
      "broker",
      "database",
      "status"
    ]
  },
  "NotificationChannelName": {
    "description": "The channels a notification is delivered on (in-app is the socket.io `alert` event, not a channel).",
    "enum": [
      "email",
      "mqtt",
      "telegram",
      "webhook",
      "zalo"
    ],
    "type": "string"
  },
  "NotificationStage": {
    "description": "What a notification is about, once per alert: `raised` (at each severity: a warning that becomes critical is\nnotified again), `escalated` (critical, not acknowledged in time: the department is added), `acknowledged`,\n`resolved`.",
    "enum": [
      "acknowledged",
      "escalated",
      "raised",
      "resolved"
    ],
    "type": "string"
  },
  "ProblemDetailsDto": {
    "description": "An error answer (RFC 9457).",
    "type": "object",
    "properties": {
      "type": {
        "description": "`urn:langxanh:problem:<code>`.",
        "type": "string"
      },
      "title": {
        "description": "Short summary of the problem type; the same for every occurrence of that type.",
        "type": "string"
      },
      "status": {
        "description": "The HTTP status code of the answer.",
        "type": "number"
      },
      "detail": {
        "description": "What went wrong this time, for a person to read (English).",
        "type": "string"
      },
      "instance": {
        "description": "The request path (without the query string) that met the problem.",
        "type": "string"
      },
      "error": {
        "description": "Compatibility member: the error code (the last segment of `type`), e.g. `not_found`.",
        "type": "string"
      },
      "message": {
        "description": "Compatibility member: the same text as `detail`.",
        "type": "string"
      },
      "errors": {
        "description": "Validation problems (`bad_request` from a query or body schema): one entry per field — `path` the zod issue path\ninside the query or body (`[\"permit\", \"limits\", 0, \"max\"]`, `[]` the whole body) — at most {@link MAX_FIELD_ERRORS}.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/FieldErrorDto"
        }
      },
      "id": {
        "description": "`internal` (500) only: the id under which the error was logged.",
        "type": "string"
      }
    },
    "required": [
      "detail",
      "error",
      "instance",
      "message",
      "status",
      "title",
      "type"
    ]
  },
  "ReadingBucketDto": {
    "description": "One time bucket of `GET /api/stations/{id}/readings`; `mean`/`min`/`max` are null in a gap.",
    "type": "object",
    "properties": {
      "time": {
        "description": "Bucket start, ISO 8601 UTC.",
        "type": "string"
      },
      "mean": {
        "type": [
          "null",
          "number"
        ]
      },
      "min": {
        "type": [
          "null",
          "number"
        ]
      },
      "max": {
        "type": [
          "null",
          "number"
        ]
      },
      "count": {
        "type": "number"
      }
    },
    "required": [
      "count",
      "max",
      "mean",
      "min",
      "time"
    ]
  },
  "ReadingsDto": {
    "description": "`GET /api/stations/{id}/readings?parameter=&from=&to=&every=`.",
    "type": "object",
    "properties": {
      "station": {
        "type": "string"
      },
      "parameter": {
        "type": "string"
      },
      "unit": {
        "type": "string"
      },
      "from": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "everyS": {
        "description": "Bucket width in seconds.",
        "type": "number"
      },
      "points": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ReadingBucketDto"
        }
      }
    },
    "required": [
      "everyS",
      "from",
      "parameter",
      "points",
      "station",
      "to",
      "unit"
    ]
  },
  "RegistryChangeDto": {
    "description": "Answer of a change that makes a new version (restore, retire, cluster changes).",
    "type": "object",
    "properties": {
      "version": {
        "type": "number"
      }
    },
    "required": [
      "version"
    ]
  },
  "RegistryStationChangeDto": {
    "description": "Answer of `POST /api/registry/stations` (201) and `PUT /api/registry/stations/{id}`: the station as stored.",
    "type": "object",
    "properties": {
      "version": {
        "type": "number"
      },
      "station": {
        "anyOf": [
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "wastewater"
              },
              "standard": {
                "type": "object",
                "properties": {
                  "qcvn": {
                    "type": "string",
                    "const": "QCVN 40:2011/BTNMT"
                  },
                  "column": {
                    "enum": [
                      "A",
                      "B"
                    ],
                    "type": "string"
                  },
                  "kq": {
                    "type": "number"
                  },
                  "kf": {
                    "type": "number"
                  }
                },
                "required": [
                  "column",
                  "kf",
                  "kq",
                  "qcvn"
                ]
              },
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "location": {
                "type": "object",
                "properties": {
                  "lat": {
                    "type": "number"
                  },
                  "lon": {
                    "type": "number"
                  }
                },
                "required": [
                  "lat",
                  "lon"
                ]
              },
              "expectedIntervalS": {
                "description": "Seconds between readings the station is expected to send.",
                "type": "number"
              },
              "permit": {
                "type": "object",
                "properties": {
                  "number": {
                    "description": "e.g. `123/GP-UBND`.",
                    "type": "string"
                  },
                  "effectiveFrom": {
                    "type": "string"
                  },
                  "limits": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "parameter": {
                          "type": "string"
                        },
                        "averagingPeriod": {
                          "enum": [
                            "1h",
                            "24h",
                            "8h",
                            "calendarDay",
                            "instant"
                          ],
                          "type": "string"
                        },
                        "min": {
                          "type": "number"
                        },
                        "max": {
                          "type": "number"
                        }
                      },
                      "required": [
                        "averagingPeriod",
                        "parameter"
                      ]
                    }
                  },
                  "issuedBy": {
                    "type": "string"
                  },
                  "effectiveTo": {
                    "type": "string"
                  }
                },
                "required": [
                  "effectiveFrom",
                  "limits",
                  "number"
                ]
              },
              "alerting": {
                "type": "object"
              },
              "tt10": {
                "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                "type": "string"
              },
              "retired": {
                "type": "object",
                "properties": {
                  "at": {
                    "type": "string"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "at"
                ]
              }
            },
            "required": [
              "expectedIntervalS",
              "id",
              "kind",
              "location",
              "name",
              "standard"
            ]
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "air"
              },
              "standard": {
                "type": "object",
                "properties": {
                  "qcvn": {
                    "type": "string",
                    "const": "QCVN 05:2023/BTNMT"
                  }
                },
                "required": [
                  "qcvn"
                ]
              },
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "location": {
                "type": "object",
                "properties": {
                  "lat": {
                    "type": "number"
                  },
                  "lon": {
                    "type": "number"
                  }
                },
                "required": [
                  "lat",
                  "lon"
                ]
              },
              "expectedIntervalS": {
                "description": "Seconds between readings the station is expected to send.",
                "type": "number"
              },
              "permit": {
                "type": "object",
                "properties": {
                  "number": {
                    "description": "e.g. `123/GP-UBND`.",
                    "type": "string"
                  },
                  "effectiveFrom": {
                    "type": "string"
                  },
                  "limits": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "parameter": {
                          "type": "string"
                        },
                        "averagingPeriod": {
                          "enum": [
                            "1h",
                            "24h",
                            "8h",
                            "calendarDay",
                            "instant"
                          ],
                          "type": "string"
                        },
                        "min": {
                          "type": "number"
                        },
                        "max": {
                          "type": "number"
                        }
                      },
                      "required": [
                        "averagingPeriod",
                        "parameter"
                      ]
                    }
                  },
                  "issuedBy": {
                    "type": "string"
                  },
                  "effectiveTo": {
                    "type": "string"
                  }
                },
                "required": [
                  "effectiveFrom",
                  "limits",
                  "number"
                ]
              },
              "alerting": {
                "type": "object"
              },
              "tt10": {
                "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                "type": "string"
              },
              "retired": {
                "type": "object",
                "properties": {
                  "at": {
                    "type": "string"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "at"
                ]
              }
            },
            "required": [
              "expectedIntervalS",
              "id",
              "kind",
              "location",
              "name",
              "standard"
            ]
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "waste"
              },
              "standard": {
                "type": "object",
                "properties": {
                  "fullThresholdPct": {
                    "type": "number"
                  },
                  "capacityL": {
                    "type": "number"
                  },
                  "wasteCategory": {
                    "enum": [
                      "food",
                      "industrial",
                      "other",
                      "recyclable"
                    ],
                    "type": "string"
                  }
                },
                "required": [
                  "capacityL",
                  "fullThresholdPct",
                  "wasteCategory"
                ]
              },
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "location": {
                "type": "object",
                "properties": {
                  "lat": {
                    "type": "number"
                  },
                  "lon": {
                    "type": "number"
                  }
                },
                "required": [
                  "lat",
                  "lon"
                ]
              },
              "expectedIntervalS": {
                "description": "Seconds between readings the station is expected to send.",
                "type": "number"
              },
              "permit": {
                "type": "object",
                "properties": {
                  "number": {
                    "description": "e.g. `123/GP-UBND`.",
                    "type": "string"
                  },
                  "effectiveFrom": {
                    "type": "string"
                  },
                  "limits": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "parameter": {
                          "type": "string"
                        },
                        "averagingPeriod": {
                          "enum": [
                            "1h",
                            "24h",
                            "8h",
                            "calendarDay",
                            "instant"
                          ],
                          "type": "string"
                        },
                        "min": {
                          "type": "number"
                        },
                        "max": {
                          "type": "number"
                        }
                      },
                      "required": [
                        "averagingPeriod",
                        "parameter"
                      ]
                    }
                  },
                  "issuedBy": {
                    "type": "string"
                  },
                  "effectiveTo": {
                    "type": "string"
                  }
                },
                "required": [
                  "effectiveFrom",
                  "limits",
                  "number"
                ]
              },
              "alerting": {
                "type": "object"
              },
              "tt10": {
                "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                "type": "string"
              },
              "retired": {
                "type": "object",
                "properties": {
                  "at": {
                    "type": "string"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "at"
                ]
              }
            },
            "required": [
              "expectedIntervalS",
              "id",
              "kind",
              "location",
              "name",
              "standard"
            ]
          }
        ]
      }
    },
    "required": [
      "station",
      "version"
    ]
  },
  "RegistryVersionDto": {
    "description": "`GET /api/registry/versions/{version}`: one version with its registry.",
    "type": "object",
    "properties": {
      "registry": {
        "type": "object",
        "properties": {
          "province": {
            "type": "string"
          },
          "clusters": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "craft": {
                  "type": "object",
                  "properties": {
                    "vi": {
                      "type": "string"
                    },
                    "en": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "en",
                    "vi"
                  ]
                },
                "commune": {
                  "description": "Ward or commune after the 2025 merger (province → ward/commune), e.g. \"Phường Phong Khê\".",
                  "type": "string"
                },
                "location": {
                  "type": "object",
                  "properties": {
                    "lat": {
                      "type": "number"
                    },
                    "lon": {
                      "type": "number"
                    }
                  },
                  "required": [
                    "lat",
                    "lon"
                  ]
                },
                "manager": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "phone": {
                      "type": "string"
                    },
                    "email": {
                      "type": "string"
                    },
                    "telegramChatId": {
                      "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                      "type": "string"
                    },
                    "zaloUserId": {
                      "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                      "type": "string"
                    }
                  },
                  "required": [
                    "email",
                    "name",
                    "phone"
                  ]
                },
                "stations": {
                  "type": "array",
                  "items": {
                    "anyOf": [
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "wastewater"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "qcvn": {
                                "type": "string",
                                "const": "QCVN 40:2011/BTNMT"
                              },
                              "column": {
                                "enum": [
                                  "A",
                                  "B"
                                ],
                                "type": "string"
                              },
                              "kq": {
                                "type": "number"
                              },
                              "kf": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "column",
                              "kf",
                              "kq",
                              "qcvn"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "air"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "qcvn": {
                                "type": "string",
                                "const": "QCVN 05:2023/BTNMT"
                              }
                            },
                            "required": [
                              "qcvn"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "kind": {
                            "type": "string",
                            "const": "waste"
                          },
                          "standard": {
                            "type": "object",
                            "properties": {
                              "fullThresholdPct": {
                                "type": "number"
                              },
                              "capacityL": {
                                "type": "number"
                              },
                              "wasteCategory": {
                                "enum": [
                                  "food",
                                  "industrial",
                                  "other",
                                  "recyclable"
                                ],
                                "type": "string"
                              }
                            },
                            "required": [
                              "capacityL",
                              "fullThresholdPct",
                              "wasteCategory"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "name": {
                            "type": "string"
                          },
                          "location": {
                            "type": "object",
                            "properties": {
                              "lat": {
                                "type": "number"
                              },
                              "lon": {
                                "type": "number"
                              }
                            },
                            "required": [
                              "lat",
                              "lon"
                            ]
                          },
                          "expectedIntervalS": {
                            "description": "Seconds between readings the station is expected to send.",
                            "type": "number"
                          },
                          "permit": {
                            "type": "object",
                            "properties": {
                              "number": {
                                "description": "e.g. `123/GP-UBND`.",
                                "type": "string"
                              },
                              "effectiveFrom": {
                                "type": "string"
                              },
                              "limits": {
                                "type": "array",
                                "items": {
                                  "type": "object",
                                  "properties": {
                                    "parameter": {
                                      "type": "string"
                                    },
                                    "averagingPeriod": {
                                      "enum": [
                                        "1h",
                                        "24h",
                                        "8h",
                                        "calendarDay",
                                        "instant"
                                      ],
                                      "type": "string"
                                    },
                                    "min": {
                                      "type": "number"
                                    },
                                    "max": {
                                      "type": "number"
                                    }
                                  },
                                  "required": [
                                    "averagingPeriod",
                                    "parameter"
                                  ]
                                }
                              },
                              "issuedBy": {
                                "type": "string"
                              },
                              "effectiveTo": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "effectiveFrom",
                              "limits",
                              "number"
                            ]
                          },
                          "alerting": {
                            "type": "object"
                          },
                          "tt10": {
                            "description": "The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):\na file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10\nfiles over FTP have one; unique across the province.",
                            "type": "string"
                          },
                          "retired": {
                            "type": "object",
                            "properties": {
                              "at": {
                                "type": "string"
                              },
                              "reason": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "at"
                            ]
                          }
                        },
                        "required": [
                          "expectedIntervalS",
                          "id",
                          "kind",
                          "location",
                          "name",
                          "standard"
                        ]
                      }
                    ]
                  }
                },
                "contacts": {
                  "description": "Further people who receive the cluster's alerts (deputies, plant operators); optional.",
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "phone": {
                        "type": "string"
                      },
                      "email": {
                        "type": "string"
                      },
                      "telegramChatId": {
                        "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                        "type": "string"
                      },
                      "zaloUserId": {
                        "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                        "type": "string"
                      }
                    },
                    "required": [
                      "email",
                      "name",
                      "phone"
                    ]
                  }
                }
              },
              "required": [
                "commune",
                "craft",
                "id",
                "location",
                "manager",
                "name",
                "stations"
              ]
            }
          },
          "department": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "phone": {
                "type": "string"
              },
              "email": {
                "type": "string"
              },
              "telegramChatId": {
                "description": "Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id\n(negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's\n`sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.",
                "type": "string"
              },
              "zaloUserId": {
                "description": "Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the\n`recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.",
                "type": "string"
              }
            },
            "required": [
              "email",
              "name",
              "phone"
            ]
          }
        },
        "required": [
          "clusters",
          "province"
        ]
      },
      "version": {
        "description": "1, 2, 3… (version 1 is the seed file of a new install).",
        "type": "number"
      },
      "changedAt": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "changedBy": {
        "description": "Username, or `seed` for version 1.",
        "type": "string"
      },
      "summary": {
        "description": "e.g. `station pk-ww-07 added to phong-khe`; at most {@link REGISTRY_SUMMARY_MAX_CHARS} characters.",
        "type": "string"
      }
    },
    "required": [
      "changedAt",
      "changedBy",
      "registry",
      "summary",
      "version"
    ]
  },
  "RegistryVersionSummaryDto": {
    "description": "Who changed the registry, when, and what (one line).",
    "type": "object",
    "properties": {
      "version": {
        "description": "1, 2, 3… (version 1 is the seed file of a new install).",
        "type": "number"
      },
      "changedAt": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "changedBy": {
        "description": "Username, or `seed` for version 1.",
        "type": "string"
      },
      "summary": {
        "description": "e.g. `station pk-ww-07 added to phong-khe`; at most {@link REGISTRY_SUMMARY_MAX_CHARS} characters.",
        "type": "string"
      }
    },
    "required": [
      "changedAt",
      "changedBy",
      "summary",
      "version"
    ]
  },
  "Role": {
    "description": "Roles (issue: access control): `admin` manages users; `department` reads and acts on every cluster; `manager` on its clusters.",
    "enum": [
      "admin",
      "department",
      "manager"
    ],
    "type": "string"
  },
  "SessionDto": {
    "description": "Answer of `POST /api/auth/login`: send `Authorization: Bearer {token}` on REST calls and\n`auth: { token }` in the socket.io handshake.",
    "type": "object",
    "properties": {
      "token": {
        "type": "string"
      },
      "expiresAt": {
        "description": "ISO 8601 UTC.",
        "type": "string"
      },
      "user": {
        "$ref": "#/components/schemas/UserDto"
      }
    },
    "required": [
      "expiresAt",
      "token",
      "user"
    ]
  },
  "SilenceDto": {
    "description": "A silence or maintenance window (`/api/silences`): alerts of the station or cluster are still evaluated,\nrecorded and shown, but no notification is sent while it lasts.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "station": {
        "description": "Exactly one of station or cluster.",
        "type": "string"
      },
      "cluster": {
        "type": "string"
      },
      "kind": {
        "enum": [
          "maintenance",
          "silence"
        ],
        "type": "string"
      },
      "from": {
        "description": "ISO 8601 UTC, start inclusive, end exclusive.",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "reason": {
        "type": "string"
      },
      "createdBy": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "createdAt",
      "createdBy",
      "from",
      "id",
      "kind",
      "reason",
      "to"
    ]
  },
  "StationAqiDto": {
    "description": "`GET /api/stations/{id}/aqi?at=` (air stations only; `at` ISO 8601, default now; without an offset, Vietnam\ntime). Scale `VN_AQI` per QĐ 1459/QĐ-TCMT, from hourly means of readings with status `00` (calibrating `01` and\nerror `02` data excluded). An hour counts once it has ended: `current` is the hour ending at the last whole hour\n≤ `at`.",
    "type": "object",
    "properties": {
      "station": {
        "type": "string"
      },
      "scale": {
        "type": "string",
        "const": "VN_AQI"
      },
      "method": {
        "description": "`QĐ 1459/QĐ-TCMT`.",
        "type": "string"
      },
      "at": {
        "description": "The `at` used, ISO 8601 UTC.",
        "type": "string"
      },
      "current": {
        "$ref": "#/components/schemas/HourlyAqiDto"
      },
      "hourly": {
        "description": "The last 24 hourly values, oldest first; the last one is `current`.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/HourlyAqiDto"
        }
      },
      "daily": {
        "description": "The last 7 Vietnam calendar days, oldest first; the last one is today so far (usually provisional).",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/DailyAqiDto"
        }
      }
    },
    "required": [
      "at",
      "current",
      "daily",
      "hourly",
      "method",
      "scale",
      "station"
    ]
  },
  "StationDto": {
    "description": "`GET /api/stations` and `GET /api/stations/{id}`.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "clusterId": {
        "type": "string"
      },
      "kind": {
        "$ref": "#/components/schemas/StationKind"
      },
      "name": {
        "type": "string"
      },
      "location": {
        "type": "object",
        "properties": {
          "lat": {
            "type": "number"
          },
          "lon": {
            "type": "number"
          }
        },
        "required": [
          "lat",
          "lon"
        ]
      },
      "expectedIntervalS": {
        "type": "number"
      },
      "standard": {
        "anyOf": [
          {
            "type": "object",
            "properties": {
              "qcvn": {
                "type": "string",
                "const": "QCVN 40:2011/BTNMT"
              },
              "column": {
                "enum": [
                  "A",
                  "B"
                ],
                "type": "string"
              },
              "kq": {
                "type": "number"
              },
              "kf": {
                "type": "number"
              }
            },
            "required": [
              "column",
              "kf",
              "kq",
              "qcvn"
            ]
          },
          {
            "type": "object",
            "properties": {
              "qcvn": {
                "type": "string",
                "const": "QCVN 05:2023/BTNMT"
              }
            },
            "required": [
              "qcvn"
            ]
          },
          {
            "type": "object",
            "properties": {
              "fullThresholdPct": {
                "type": "number"
              },
              "capacityL": {
                "type": "number"
              },
              "wasteCategory": {
                "enum": [
                  "food",
                  "industrial",
                  "other",
                  "recyclable"
                ],
                "type": "string"
              }
            },
            "required": [
              "capacityL",
              "fullThresholdPct",
              "wasteCategory"
            ]
          }
        ]
      },
      "state": {
        "$ref": "#/components/schemas/StationState"
      },
      "lastSeen": {
        "description": "Last time a reading arrived (ISO 8601 UTC), or null.",
        "type": [
          "null",
          "string"
        ]
      },
      "latest": {
        "type": "object"
      },
      "activeAlerts": {
        "type": "number"
      },
      "limits": {
        "description": "Limits that apply to this station now.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ThresholdRule"
        }
      },
      "retiredAt": {
        "description": "Set when the station was retired (ISO 8601 UTC): it is no longer in `GET /api/stations`, refuses readings, and\nits history stays readable (docs/registry.md).",
        "type": "string"
      }
    },
    "required": [
      "activeAlerts",
      "clusterId",
      "expectedIntervalS",
      "id",
      "kind",
      "lastSeen",
      "latest",
      "limits",
      "location",
      "name",
      "standard",
      "state"
    ]
  },
  "StationKind": {
    "enum": [
      "air",
      "waste",
      "wastewater"
    ],
    "type": "string"
  },
  "StationState": {
    "description": "Status of a station on the overview:\n`normal` reporting and within limits; `exceeding` at least one active alert; `offline` silent for more than\nOFFLINE_AFTER_INTERVALS (3) × its expected interval, at once when its last will says `offline`, or never heard\nfrom by OFFLINE_GRACE_S after start-up; `no_data` never reported since start-up, within that grace. One rule\ndecides it, the same one the offline alert reads (`stationSilence`, libs/alerting `deadman.ts`).",
    "enum": [
      "exceeding",
      "no_data",
      "normal",
      "offline"
    ],
    "type": "string"
  },
  "ThresholdRule": {
    "description": "One threshold on one parameter of one station: the alert raises when the (averaged) value crosses the limit\nand clears only when it is back inside by the deadband.\n- `above`: exceedance when value > max (QCVN \"không vượt quá\");\n- `atOrAbove`: exceedance when value ≥ max (bin fill ≥ 80 %);\n- `below`: exceedance when value < min (low battery);\n- `outside`: exceedance when value < min or value > max (pH 5.5–9).",
    "type": "object",
    "properties": {
      "id": {
        "description": "Stable id, e.g. `qcvn40-2011-B/COD`; one open alert per station and rule.",
        "type": "string"
      },
      "parameter": {
        "type": "string"
      },
      "comparison": {
        "enum": [
          "above",
          "atOrAbove",
          "below",
          "outside"
        ],
        "type": "string"
      },
      "min": {
        "description": "Lower limit (`below`, `outside`).",
        "type": "number"
      },
      "max": {
        "description": "Upper limit (`above`, `atOrAbove`, `outside`).",
        "type": "number"
      },
      "unit": {
        "description": "Unit of min/max, equal to the catalogue unit of `parameter`.",
        "type": "string"
      },
      "averagingPeriod": {
        "$ref": "#/components/schemas/AveragingPeriod"
      },
      "deadband": {
        "description": "Clear condition: the value must come back inside the limit by this fraction of the limit (0.05 = 5 %)\nbefore the alert resolves, so a value hovering at the limit does not flap.",
        "type": "number"
      },
      "source": {
        "$ref": "#/components/schemas/LimitSource"
      },
      "measure": {
        "description": "What is compared with the limit: the (averaged) value (default), or its rise per minute between two\nconsecutive readings in measurement time (`risePerMinute`, unit e.g. `°C/min`: a bin heating up fast).",
        "enum": [
          "risePerMinute",
          "value"
        ],
        "type": "string"
      },
      "warningFraction": {
        "description": "Warning level (severity `warning`, \"approaching\"): the value is beyond this fraction of the limit, 0 < f < 1\n(upper limit: value > max × f; lower limit: value < min / f). Absent: only `critical` alerts.",
        "type": "number"
      },
      "pendingMs": {
        "description": "Pending duration in ms of measurement time: the condition must hold from the first reading beyond the level\nuntil a reading at least this much later before the alert is raised (default 0: at once).",
        "type": "number"
      },
      "consecutive": {
        "description": "The condition must also hold for this many consecutive evaluated readings (default 1).",
        "type": "number"
      }
    },
    "required": [
      "averagingPeriod",
      "comparison",
      "deadband",
      "id",
      "parameter",
      "source",
      "unit"
    ]
  },
  "TokenScope": {
    "description": "What an API token may do: `read` the API as its role, or scrape `GET /api/metrics`.",
    "enum": [
      "metrics",
      "read"
    ],
    "type": "string"
  },
  "UsEpaAqiDto": {
    "description": "US EPA AQI (shared docs/domain.md §1.8), a second scale for comparison only, with the PM2.5 breakpoints in force\non the day: `US_EPA_AQI_2024` from 6 May 2024 (Vietnam calendar day), `US_EPA_AQI_PRE_2024` before:\ndaily PM 24-h means, O3/CO maximum 8-h means, SO2/NO2 maximum 1-h means, gases converted from µg/m³ at 25 °C.\nCategories: `good`, `moderate`, `unhealthy_sensitive` (Unhealthy for Sensitive Groups), `unhealthy`,\n`very_unhealthy`, `hazardous`, with the same colours as VN_AQI.",
    "type": "object",
    "properties": {
      "scale": {
        "enum": [
          "US_EPA_AQI_2024",
          "US_EPA_AQI_PRE_2024"
        ],
        "type": "string"
      },
      "aqi": {
        "type": [
          "null",
          "number"
        ]
      },
      "category": {
        "anyOf": [
          {
            "enum": [
              "good",
              "hazardous",
              "moderate",
              "unhealthy",
              "unhealthy_sensitive",
              "very_unhealthy"
            ],
            "type": "string"
          },
          {
            "type": "null"
          }
        ]
      },
      "dominant": {
        "anyOf": [
          {
            "enum": [
              "CO",
              "NO2",
              "O3",
              "PM10",
              "PM2.5",
              "SO2"
            ],
            "type": "string"
          },
          {
            "type": "null"
          }
        ]
      }
    },
    "required": [
      "aqi",
      "category",
      "dominant",
      "scale"
    ]
  },
  "UserDto": {
    "description": "A signed-in person as the API describes them.",
    "type": "object",
    "properties": {
      "username": {
        "type": "string"
      },
      "role": {
        "$ref": "#/components/schemas/Role"
      },
      "clusters": {
        "description": "Cluster ids a `manager` is scoped to; empty for `admin` and `department` (all clusters).",
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    },
    "required": [
      "clusters",
      "role",
      "username"
    ]
  }
};
