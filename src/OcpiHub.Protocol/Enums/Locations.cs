namespace OcpiHub.Protocol.Enums;

/// <summary>EVSE status; REMOVED means deleted. Spec: <c>Status</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<EvseStatus>))]
public readonly record struct EvseStatus(string Value) : IOcpiEnum<EvseStatus>
{
    public static readonly EvseStatus Available = new("AVAILABLE");
    public static readonly EvseStatus Blocked = new("BLOCKED");
    public static readonly EvseStatus Charging = new("CHARGING");
    public static readonly EvseStatus Inoperative = new("INOPERATIVE");
    public static readonly EvseStatus Outoforder = new("OUTOFORDER");
    public static readonly EvseStatus Planned = new("PLANNED");
    public static readonly EvseStatus Removed = new("REMOVED");
    public static readonly EvseStatus Reserved = new("RESERVED");
    public static readonly EvseStatus Unknown = new("UNKNOWN");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED", "REMOVED", "RESERVED", "UNKNOWN");

    public static EvseStatus From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>What an EVSE can do. Spec: <c>Capability</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<Capability>))]
public readonly record struct Capability(string Value) : IOcpiEnum<Capability>
{
    public static readonly Capability ChargingProfileCapable = new("CHARGING_PROFILE_CAPABLE");
    public static readonly Capability CreditCardPayable = new("CREDIT_CARD_PAYABLE");
    public static readonly Capability RemoteStartStopCapable = new("REMOTE_START_STOP_CAPABLE");
    public static readonly Capability Reservable = new("RESERVABLE");
    public static readonly Capability RfidReader = new("RFID_READER");
    public static readonly Capability UnlockCapable = new("UNLOCK_CAPABLE");
    public static readonly Capability ChargingPreferencesCapable = new("CHARGING_PREFERENCES_CAPABLE");
    public static readonly Capability ChipCardSupport = new("CHIP_CARD_SUPPORT");
    public static readonly Capability ContactlessCardSupport = new("CONTACTLESS_CARD_SUPPORT");
    public static readonly Capability DebitCardPayable = new("DEBIT_CARD_PAYABLE");
    public static readonly Capability PedTerminal = new("PED_TERMINAL");
    public static readonly Capability StartSessionConnectorRequired = new("START_SESSION_CONNECTOR_REQUIRED");
    public static readonly Capability TokenGroupCapable = new("TOKEN_GROUP_CAPABLE");

    public static EnumDomain Domain { get; } = EnumDomain.Open("CHARGING_PROFILE_CAPABLE", "CREDIT_CARD_PAYABLE", "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER", "UNLOCK_CAPABLE")
        .Since(OcpiVersion.V221, "CHARGING_PREFERENCES_CAPABLE", "CHIP_CARD_SUPPORT", "CONTACTLESS_CARD_SUPPORT", "DEBIT_CARD_PAYABLE", "PED_TERMINAL", "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE");

    public static Capability From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>ISO 15118 capabilities of a connector (2.3.0). Spec: <c>ConnectorCapability</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ConnectorCapability>))]
public readonly record struct ConnectorCapability(string Value) : IOcpiEnum<ConnectorCapability>
{
    public static readonly ConnectorCapability Iso151182PlugAndCharge = new("ISO_15118_2_PLUG_AND_CHARGE");
    public static readonly ConnectorCapability Iso1511820PlugAndCharge = new("ISO_15118_20_PLUG_AND_CHARGE");

    public static EnumDomain Domain { get; } = EnumDomain.Open()
        .Since(OcpiVersion.V230, "ISO_15118_2_PLUG_AND_CHARGE", "ISO_15118_20_PLUG_AND_CHARGE");

    public static ConnectorCapability From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>The socket or plug standard of a connector. Spec: <c>ConnectorType</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ConnectorType>))]
public readonly record struct ConnectorType(string Value) : IOcpiEnum<ConnectorType>
{
    public static readonly ConnectorType Chademo = new("CHADEMO");
    public static readonly ConnectorType DomesticA = new("DOMESTIC_A");
    public static readonly ConnectorType DomesticB = new("DOMESTIC_B");
    public static readonly ConnectorType DomesticC = new("DOMESTIC_C");
    public static readonly ConnectorType DomesticD = new("DOMESTIC_D");
    public static readonly ConnectorType DomesticE = new("DOMESTIC_E");
    public static readonly ConnectorType DomesticF = new("DOMESTIC_F");
    public static readonly ConnectorType DomesticG = new("DOMESTIC_G");
    public static readonly ConnectorType DomesticH = new("DOMESTIC_H");
    public static readonly ConnectorType DomesticI = new("DOMESTIC_I");
    public static readonly ConnectorType DomesticJ = new("DOMESTIC_J");
    public static readonly ConnectorType DomesticK = new("DOMESTIC_K");
    public static readonly ConnectorType DomesticL = new("DOMESTIC_L");
    public static readonly ConnectorType Iec603092Single16 = new("IEC_60309_2_single_16");
    public static readonly ConnectorType Iec603092Three16 = new("IEC_60309_2_three_16");
    public static readonly ConnectorType Iec603092Three32 = new("IEC_60309_2_three_32");
    public static readonly ConnectorType Iec603092Three64 = new("IEC_60309_2_three_64");
    public static readonly ConnectorType Iec62196T1 = new("IEC_62196_T1");
    public static readonly ConnectorType Iec62196T1Combo = new("IEC_62196_T1_COMBO");
    public static readonly ConnectorType Iec62196T2 = new("IEC_62196_T2");
    public static readonly ConnectorType Iec62196T2Combo = new("IEC_62196_T2_COMBO");
    public static readonly ConnectorType Iec62196T3a = new("IEC_62196_T3A");
    public static readonly ConnectorType Iec62196T3c = new("IEC_62196_T3C");
    public static readonly ConnectorType TeslaR = new("TESLA_R");
    public static readonly ConnectorType TeslaS = new("TESLA_S");
    public static readonly ConnectorType Chaoji = new("CHAOJI");
    public static readonly ConnectorType DomesticM = new("DOMESTIC_M");
    public static readonly ConnectorType DomesticN = new("DOMESTIC_N");
    public static readonly ConnectorType DomesticO = new("DOMESTIC_O");
    public static readonly ConnectorType GbtAc = new("GBT_AC");
    public static readonly ConnectorType GbtDc = new("GBT_DC");
    public static readonly ConnectorType Nema520 = new("NEMA_5_20");
    public static readonly ConnectorType Nema630 = new("NEMA_6_30");
    public static readonly ConnectorType Nema650 = new("NEMA_6_50");
    public static readonly ConnectorType Nema1030 = new("NEMA_10_30");
    public static readonly ConnectorType Nema1050 = new("NEMA_10_50");
    public static readonly ConnectorType Nema1430 = new("NEMA_14_30");
    public static readonly ConnectorType Nema1450 = new("NEMA_14_50");
    public static readonly ConnectorType PantographBottomUp = new("PANTOGRAPH_BOTTOM_UP");
    public static readonly ConnectorType PantographTopDown = new("PANTOGRAPH_TOP_DOWN");
    public static readonly ConnectorType Mcs = new("MCS");
    public static readonly ConnectorType SaeJ3400 = new("SAE_J3400");

    public static EnumDomain Domain { get; } = EnumDomain.Open("CHADEMO", "DOMESTIC_A", "DOMESTIC_B", "DOMESTIC_C", "DOMESTIC_D", "DOMESTIC_E", "DOMESTIC_F", "DOMESTIC_G", "DOMESTIC_H", "DOMESTIC_I", "DOMESTIC_J", "DOMESTIC_K", "DOMESTIC_L", "IEC_60309_2_single_16", "IEC_60309_2_three_16", "IEC_60309_2_three_32", "IEC_60309_2_three_64", "IEC_62196_T1", "IEC_62196_T1_COMBO", "IEC_62196_T2", "IEC_62196_T2_COMBO", "IEC_62196_T3A", "IEC_62196_T3C", "TESLA_R", "TESLA_S")
        .Since(OcpiVersion.V221, "CHAOJI", "DOMESTIC_M", "DOMESTIC_N", "DOMESTIC_O", "GBT_AC", "GBT_DC", "NEMA_5_20", "NEMA_6_30", "NEMA_6_50", "NEMA_10_30", "NEMA_10_50", "NEMA_14_30", "NEMA_14_50", "PANTOGRAPH_BOTTOM_UP", "PANTOGRAPH_TOP_DOWN")
        .Since(OcpiVersion.V230, "MCS", "SAE_J3400");

    public static ConnectorType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Socket or cable. Spec: <c>ConnectorFormat</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ConnectorFormat>))]
public readonly record struct ConnectorFormat(string Value) : IOcpiEnum<ConnectorFormat>
{
    public static readonly ConnectorFormat Socket = new("SOCKET");
    public static readonly ConnectorFormat Cable = new("CABLE");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("SOCKET", "CABLE");

    public static ConnectorFormat From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>AC phases or DC. Spec: <c>PowerType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<PowerType>))]
public readonly record struct PowerType(string Value) : IOcpiEnum<PowerType>
{
    public static readonly PowerType Ac1Phase = new("AC_1_PHASE");
    public static readonly PowerType Ac3Phase = new("AC_3_PHASE");
    public static readonly PowerType Dc = new("DC");
    public static readonly PowerType Ac2Phase = new("AC_2_PHASE");
    public static readonly PowerType Ac2PhaseSplit = new("AC_2_PHASE_SPLIT");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("AC_1_PHASE", "AC_3_PHASE", "DC")
        .Since(OcpiVersion.V221, "AC_2_PHASE", "AC_2_PHASE_SPLIT");

    public static PowerType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Where a Location is (2.2.1+; 2.1.1 LocationType). Spec: <c>ParkingType</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ParkingType>))]
public readonly record struct ParkingType(string Value) : IOcpiEnum<ParkingType>
{
    public static readonly ParkingType AlongMotorway = new("ALONG_MOTORWAY");
    public static readonly ParkingType ParkingGarage = new("PARKING_GARAGE");
    public static readonly ParkingType ParkingLot = new("PARKING_LOT");
    public static readonly ParkingType OnDriveway = new("ON_DRIVEWAY");
    public static readonly ParkingType OnStreet = new("ON_STREET");
    public static readonly ParkingType UndergroundGarage = new("UNDERGROUND_GARAGE");

    public static EnumDomain Domain { get; } = EnumDomain.Open()
        .Since(OcpiVersion.V221, "ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET", "UNDERGROUND_GARAGE");

    public static ParkingType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>2.1.1 Location type, renamed ParkingType in 2.2. Spec: <c>LocationType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<LocationType>))]
public readonly record struct LocationType(string Value) : IOcpiEnum<LocationType>
{
    public static readonly LocationType OnStreet = new("ON_STREET");
    public static readonly LocationType ParkingGarage = new("PARKING_GARAGE");
    public static readonly LocationType UndergroundGarage = new("UNDERGROUND_GARAGE");
    public static readonly LocationType ParkingLot = new("PARKING_LOT");
    public static readonly LocationType Other = new("OTHER");
    public static readonly LocationType Unknown = new("UNKNOWN");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Until(OcpiVersion.V211, "ON_STREET", "PARKING_GARAGE", "UNDERGROUND_GARAGE", "PARKING_LOT", "OTHER", "UNKNOWN");

    public static LocationType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Who may park at an EVSE. Spec: <c>ParkingRestriction</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ParkingRestriction>))]
public readonly record struct ParkingRestriction(string Value) : IOcpiEnum<ParkingRestriction>
{
    public static readonly ParkingRestriction EvOnly = new("EV_ONLY");
    public static readonly ParkingRestriction Plugged = new("PLUGGED");
    public static readonly ParkingRestriction Disabled = new("DISABLED");
    public static readonly ParkingRestriction Customers = new("CUSTOMERS");
    public static readonly ParkingRestriction Motorcycles = new("MOTORCYCLES");
    public static readonly ParkingRestriction Employees = new("EMPLOYEES");
    public static readonly ParkingRestriction Taxis = new("TAXIS");
    public static readonly ParkingRestriction Tenants = new("TENANTS");

    public static EnumDomain Domain { get; } = EnumDomain.Open("EV_ONLY", "PLUGGED", "DISABLED", "CUSTOMERS", "MOTORCYCLES")
        .Since(OcpiVersion.V230, "EMPLOYEES", "TAXIS", "TENANTS");

    public static ParkingRestriction From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Facilities near a Location. Spec: <c>Facility</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<Facility>))]
public readonly record struct Facility(string Value) : IOcpiEnum<Facility>
{
    public static readonly Facility Hotel = new("HOTEL");
    public static readonly Facility Restaurant = new("RESTAURANT");
    public static readonly Facility Cafe = new("CAFE");
    public static readonly Facility Mall = new("MALL");
    public static readonly Facility Supermarket = new("SUPERMARKET");
    public static readonly Facility Sport = new("SPORT");
    public static readonly Facility RecreationArea = new("RECREATION_AREA");
    public static readonly Facility Nature = new("NATURE");
    public static readonly Facility Museum = new("MUSEUM");
    public static readonly Facility BusStop = new("BUS_STOP");
    public static readonly Facility TaxiStand = new("TAXI_STAND");
    public static readonly Facility TrainStation = new("TRAIN_STATION");
    public static readonly Facility Airport = new("AIRPORT");
    public static readonly Facility CarpoolParking = new("CARPOOL_PARKING");
    public static readonly Facility FuelStation = new("FUEL_STATION");
    public static readonly Facility Wifi = new("WIFI");
    public static readonly Facility BikeSharing = new("BIKE_SHARING");
    public static readonly Facility TramStop = new("TRAM_STOP");
    public static readonly Facility MetroStation = new("METRO_STATION");
    public static readonly Facility ParkingLot = new("PARKING_LOT");

    public static EnumDomain Domain { get; } = EnumDomain.Open("HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT", "RECREATION_AREA", "NATURE", "MUSEUM", "BUS_STOP", "TAXI_STAND", "TRAIN_STATION", "AIRPORT", "CARPOOL_PARKING", "FUEL_STATION", "WIFI")
        .Since(OcpiVersion.V221, "BIKE_SHARING", "TRAM_STOP", "METRO_STATION", "PARKING_LOT");

    public static Facility From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>What an image shows. Spec: <c>ImageCategory</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ImageCategory>))]
public readonly record struct ImageCategory(string Value) : IOcpiEnum<ImageCategory>
{
    public static readonly ImageCategory Charger = new("CHARGER");
    public static readonly ImageCategory Entrance = new("ENTRANCE");
    public static readonly ImageCategory Location = new("LOCATION");
    public static readonly ImageCategory Network = new("NETWORK");
    public static readonly ImageCategory Operator = new("OPERATOR");
    public static readonly ImageCategory Other = new("OTHER");
    public static readonly ImageCategory Owner = new("OWNER");

    public static EnumDomain Domain { get; } = EnumDomain.Open("CHARGER", "ENTRANCE", "LOCATION", "NETWORK", "OPERATOR", "OTHER", "OWNER");

    public static ImageCategory From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Kinds of energy source. Spec: <c>EnergySourceCategory</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<EnergySourceCategory>))]
public readonly record struct EnergySourceCategory(string Value) : IOcpiEnum<EnergySourceCategory>
{
    public static readonly EnergySourceCategory Nuclear = new("NUCLEAR");
    public static readonly EnergySourceCategory GeneralFossil = new("GENERAL_FOSSIL");
    public static readonly EnergySourceCategory Coal = new("COAL");
    public static readonly EnergySourceCategory Gas = new("GAS");
    public static readonly EnergySourceCategory GeneralGreen = new("GENERAL_GREEN");
    public static readonly EnergySourceCategory Solar = new("SOLAR");
    public static readonly EnergySourceCategory Wind = new("WIND");
    public static readonly EnergySourceCategory Water = new("WATER");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("NUCLEAR", "GENERAL_FOSSIL", "COAL", "GAS", "GENERAL_GREEN", "SOLAR", "WIND", "WATER");

    public static EnergySourceCategory From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Kinds of environmental impact. Spec: <c>EnvironmentalImpactCategory</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<EnvironmentalImpactCategory>))]
public readonly record struct EnvironmentalImpactCategory(string Value) : IOcpiEnum<EnvironmentalImpactCategory>
{
    public static readonly EnvironmentalImpactCategory NuclearWaste = new("NUCLEAR_WASTE");
    public static readonly EnvironmentalImpactCategory CarbonDioxide = new("CARBON_DIOXIDE");

    public static EnumDomain Domain { get; } = EnumDomain.Open("NUCLEAR_WASTE", "CARBON_DIOXIDE");

    public static EnvironmentalImpactCategory From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Vehicles a parking place is meant for (2.3.0). Spec: <c>VehicleType</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<VehicleType>))]
public readonly record struct VehicleType(string Value) : IOcpiEnum<VehicleType>
{
    public static readonly VehicleType Motorcycle = new("MOTORCYCLE");
    public static readonly VehicleType PersonalVehicle = new("PERSONAL_VEHICLE");
    public static readonly VehicleType PersonalVehicleWithTrailer = new("PERSONAL_VEHICLE_WITH_TRAILER");
    public static readonly VehicleType Van = new("VAN");
    public static readonly VehicleType SemiTractor = new("SEMI_TRACTOR");
    public static readonly VehicleType Rigid = new("RIGID");
    public static readonly VehicleType TruckWithTrailer = new("TRUCK_WITH_TRAILER");
    public static readonly VehicleType Bus = new("BUS");
    public static readonly VehicleType Disabled = new("DISABLED");

    public static EnumDomain Domain { get; } = EnumDomain.Open()
        .Since(OcpiVersion.V230, "MOTORCYCLE", "PERSONAL_VEHICLE", "PERSONAL_VEHICLE_WITH_TRAILER", "VAN", "SEMI_TRACTOR", "RIGID", "TRUCK_WITH_TRAILER", "BUS", "DISABLED");

    public static VehicleType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>How a parking place is laid out (2.3.0). Spec: <c>ParkingDirection</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ParkingDirection>))]
public readonly record struct ParkingDirection(string Value) : IOcpiEnum<ParkingDirection>
{
    public static readonly ParkingDirection Parallel = new("PARALLEL");
    public static readonly ParkingDirection Perpendicular = new("PERPENDICULAR");
    public static readonly ParkingDirection Angle = new("ANGLE");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V230, "PARALLEL", "PERPENDICULAR", "ANGLE");

    public static ParkingDirection From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Where an EVSE stands at its parking place (2.3.0). Spec: <c>EVSEPosition</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<EvsePosition>))]
public readonly record struct EvsePosition(string Value) : IOcpiEnum<EvsePosition>
{
    public static readonly EvsePosition Left = new("LEFT");
    public static readonly EvsePosition Right = new("RIGHT");
    public static readonly EvsePosition Center = new("CENTER");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V230, "LEFT", "RIGHT", "CENTER");

    public static EvsePosition From(string value) => new(value);

    public override string ToString() => Value;
}
