// The one definition of the profile format: the JSON Schema shipped for editors (schemas/profile.schema.json, which
// a unit test holds equal to this object; regenerate it with `node scripts/profile-schema.mjs` after a build) and
// the source of the field lists and required fields the profile parser (sim/profiles.ts) enforces. The parser adds
// what a schema cannot say: a file version that parses, a full path, a built-in profile to extend, and the fields
// required when a profile does not extend one.

/** The subset of JSON Schema (draft-07) the profile format uses. */
export interface SchemaNode {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  additionalProperties?: boolean | SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: (string | number)[];
  oneOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  [k: string]: unknown;
}

export const PROFILE_SCHEMA: SchemaNode = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://example.invalid/update-inf/schemas/profile.schema.json",
  "title": "update-inf simulation profile",
  "description": "A target machine for `update-inf simulate`: the Windows version, machine state, user rights, installed files, registry values, services and installed updates. With \"extends\" the profile starts from a built-in one: os/machine/user fields given replace the built-in's, files replace the built-in entry of the same path, registry entries the same key and value, services the same name, installed updates the same id. Without \"extends\" the profile is complete as written: a file it does not list is absent. See docs/simulation.md.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "type": "string"
    },
    "comment": {
      "type": "string",
      "description": "Free text, ignored."
    },
    "name": {
      "type": "string",
      "description": "A readable name, e.g. \"Windows XP Professional SP2, English, x86\"."
    },
    "extends": {
      "type": "string",
      "enum": [
        "win2000-sp3",
        "win2000-sp4",
        "xp-rtm",
        "xp-sp1",
        "xp-sp2",
        "xp-sp3",
        "ws2003-rtm",
        "ws2003-sp1",
        "ws2003-sp2",
        "xp-x64-sp2",
        "ws2003-x64-sp2"
      ],
      "description": "The built-in profile to start from."
    },
    "os": {
      "type": "object",
      "additionalProperties": false,
      "description": "The Windows installation. Required (major, minor, build, servicePack, architecture) when the profile does not extend a built-in one.",
      "properties": {
        "major": {
          "type": "integer",
          "minimum": 3,
          "maximum": 10,
          "description": "NT major version: 5 for Windows 2000, XP and Server 2003."
        },
        "minor": {
          "type": "integer",
          "minimum": 0,
          "maximum": 9,
          "description": "NT minor version: 0 Windows 2000, 1 Windows XP, 2 Server 2003 and XP x64."
        },
        "build": {
          "type": "integer",
          "minimum": 0,
          "maximum": 99999,
          "description": "Build number: 2195, 2600 or 3790."
        },
        "servicePack": {
          "type": "integer",
          "minimum": 0,
          "maximum": 9,
          "description": "Service-pack level (0 = none). Compared with MinNtServicePackVersion/MaxNtServicePackVersion as level x 256."
        },
        "edition": {
          "type": "string",
          "description": "Professional, Home, Standard, Enterprise, Datacenter, Web or Small Business: chooses SKU sections such as [ProductInstall.CopyFilesAlways.Server]."
        },
        "architecture": {
          "type": "string",
          "enum": [
            "x86",
            "x64",
            "ia64"
          ]
        },
        "language": {
          "type": "string",
          "pattern": "^(0x)?[0-9a-fA-F]{1,4}$",
          "description": "Hex LANGID of the system language, e.g. \"0409\" (English, United States)."
        },
        "checked": {
          "type": "boolean",
          "description": "True for a checked (debug) build of Windows."
        }
      }
    },
    "machine": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "windir": {
          "type": "string",
          "pattern": "^[A-Za-z]:\\\\",
          "description": "The Windows folder, e.g. C:\\WINDOWS (C:\\WINNT on Windows 2000)."
        },
        "freeDiskMB": {
          "type": "integer",
          "minimum": 0,
          "description": "Free space on the Windows drive, in MB."
        },
        "anotherInstallRunning": {
          "type": "boolean",
          "description": "Another installation is running (the installer refuses with STATUS_UPDATE_ALREADY_RUNNING)."
        },
        "processors": {
          "type": "integer",
          "minimum": 1,
          "maximum": 64,
          "description": "Chooses ProductInstall.UniprocessorFiles or MultiprocessorFiles. Default 1."
        },
        "customFunctions": {
          "type": "object",
          "additionalProperties": {
            "type": ["boolean", "string"]
          },
          "description": "Answers of package DLL functions the simulator never runs: true/false for CustomFunction/CheckCustom conditions (e.g. IsTabletPC, OnACPower); a folder path for the CustomFunction of a [DirectoryId.Include] section (e.g. GetSupportToolsPathName): the folder its run-time DIRID stands for (an empty string: the component is not installed)."
        },
        "pendingFileRenames": {
          "type": "array",
          "description": "The PendingFileRenameOperations queue already on the machine.",
          "items": {
            "oneOf": [
              {
                "type": "string",
                "description": "A target path queued for a delayed delete."
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "target"
                ],
                "properties": {
                  "source": {
                    "type": "string"
                  },
                  "target": {
                    "type": "string"
                  },
                  "version": {
                    "type": "string"
                  },
                  "owner": {
                    "type": "string"
                  }
                }
              }
            ]
          }
        },
        "debuggerAttached": {
          "type": "boolean",
          "description": "A debugger is attached to a process that loads a file the update hotpatches: the restart is still needed after hotpatching."
        },
        "drives": {
          "type": "array",
          "description": "Fixed drives and their free space; /extract with /quiet or /passive and no path picks the one with the most. Default: the Windows drive with freeDiskMB.",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "letter",
              "freeMB"
            ],
            "properties": {
              "letter": {
                "type": "string",
                "pattern": "^[A-Za-z]:?$",
                "description": "Drive letter, e.g. D:"
              },
              "freeMB": {
                "type": "integer",
                "minimum": 0,
                "description": "Free space in MB."
              }
            }
          }
        },
        "packageSource": {
          "type": "string",
          "pattern": "^([A-Za-z]:\\\\|\\\\\\\\[^\\\\]+\\\\)",
          "description": "The folder the package runs from. A share (\\\\server\\share\\...) makes a network installation: a service pack then creates no %windir%\\ServicePackFiles and points servicepacksourcepath at the share."
        }
      }
    },
    "user": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "name": {
          "type": "string"
        },
        "rights": {
          "type": "array",
          "items": {
            "type": "string",
            "pattern": "^Se[A-Za-z]+Privilege$",
            "examples": [
              "SeBackupPrivilege",
              "SeRestorePrivilege",
              "SeTakeOwnershipPrivilege",
              "SeSecurityPrivilege",
              "SeShutdownPrivilege",
              "SeDebugPrivilege"
            ]
          },
          "description": "User rights of the account running the installer. Backup, Restore, TakeOwnership and Security are required (whitepaper Table 12); Shutdown and Debug are preferred."
        }
      }
    },
    "files": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path"
        ],
        "properties": {
          "path": {
            "type": "string",
            "pattern": "^(%[A-Za-z]+%|[A-Za-z]:)[\\\\/]",
            "description": "Full path; %windir% and %systemroot% stand for machine.windir."
          },
          "version": {
            "type": "string",
            "pattern": "^\\s*\\d+([.,]\\s*\\d+){0,3}\\s*(\\(.*\\))?\\s*$",
            "description": "As the version resource shows it, e.g. \"6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)\". The build-lab tag gives the file's branch."
          },
          "inUse": {
            "type": "boolean",
            "description": "The file is in use: a new version goes to the pending-rename queue."
          },
          "oem": {
            "type": "boolean",
            "description": "A file supplied by the computer maker."
          },
          "sizeBytes": {
            "type": "integer",
            "minimum": 0
          },
          "internalName": {
            "type": "string",
            "description": "InternalName of the file's version resource, read by CheckInternalName conditions (e.g. which HAL is installed: \"halacpi.dll\"). Without it the file name stands in."
          }
        }
      }
    },
    "services": {
      "type": "array",
      "description": "Installed Windows services, read by CheckService conditions. A service not listed is absent; without this field CheckService conditions cannot be judged and are assumed to hold.",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "type": "string",
            "description": "Service name, e.g. MSDTC."
          },
          "state": {
            "type": "string",
            "enum": [
              "stopped",
              "start-pending",
              "stop-pending",
              "running",
              "continue-pending",
              "pause-pending",
              "paused"
            ],
            "description": "Current state; CheckService compares it as the service-status number (1 stopped, 4 running ...)."
          }
        }
      }
    },
    "registry": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "key"
        ],
        "properties": {
          "key": {
            "type": "string",
            "pattern": "^(HKLM|HKCU|HKCR|HKU|HKEY_[A-Za-z_]+)(\\\\|$)"
          },
          "value": {
            "type": "string",
            "description": "Value name; omit to state only that the key exists; \"\" is the default value."
          },
          "type": {
            "type": "string",
            "enum": [
              "REG_SZ",
              "REG_EXPAND_SZ",
              "REG_MULTI_SZ",
              "REG_DWORD",
              "REG_BINARY",
              "REG_NONE",
              "REG_QWORD"
            ]
          },
          "data": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "number"
              },
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              {
                "type": "null"
              }
            ]
          }
        }
      }
    },
    "installedUpdates": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_.\\-]+$",
            "description": "e.g. KB123456"
          },
          "branch": {
            "type": [
              "string",
              "null"
            ],
            "description": "The branch it was installed from, e.g. SP2QFE."
          },
          "backup": {
            "type": "boolean",
            "description": "An uninstall backup exists (false after /nobackup). Default true."
          },
          "uninstallKey": {
            "type": "boolean",
            "description": "Its Add or Remove Programs key exists. Default true; false reproduces the KB976647 migration failure."
          },
          "files": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Targets it replaced, for the removal-order check."
          }
        }
      }
    },
    "distributionShare": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "kind"
      ],
      "description": "The distribution share an /integrate:path run writes into (whitepaper Table 18).",
      "properties": {
        "path": {
          "type": "string",
          "description": "The share's folder (the /integrate path)."
        },
        "kind": {
          "enum": [
            "os",
            "os-sp",
            "os-updates",
            "sp-files",
            "update-files"
          ],
          "description": "os: plain operating-system source; os-sp: already integrated with a service pack; os-updates: already integrated with simple updates; sp-files / update-files: the extracted files of a service pack / a simple update."
        },
        "servicePack": {
          "type": "integer",
          "minimum": 0,
          "maximum": 9,
          "description": "The service-pack level of the Windows source in the share (os-sp: the pack integrated); default the profile's os.servicePack. /integrate slipstreams the branch for this level."
        },
        "os": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "major",
            "minor"
          ],
          "description": "The Windows version of the source in the share; default the profile's os. A package for another version is refused.",
          "properties": {
            "major": {
              "type": "integer",
              "minimum": 3,
              "maximum": 10
            },
            "minor": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9
            }
          }
        },
        "updates": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "description": "os-updates: the updates integrated."
        }
      }
    }
  }
};

/** The node for a field path such as ['machine', 'drives', '[]'] ('[]' = array items; pending renames: their object form). */
export function schemaNode(path: readonly string[]): SchemaNode | undefined {
  let n: SchemaNode | undefined = PROFILE_SCHEMA;
  for (const p of path) {
    if (!n) return undefined;
    if (p === '[]') {
      n = n.items;
      if (n?.oneOf) n = n.oneOf.find((o) => o.properties);
    } else n = n.properties?.[p];
  }
  return n;
}

/** The fields the schema allows in the object at `path`. */
export function schemaKeys(path: readonly string[]): string[] {
  return Object.keys(schemaNode(path)?.properties ?? {});
}

/** The schema as the text of schemas/profile.schema.json. */
export function profileSchemaText(): string {
  return JSON.stringify(PROFILE_SCHEMA, null, 2) + '\n';
}
