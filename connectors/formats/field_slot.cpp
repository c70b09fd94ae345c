#include "connectors/formats/field_slot.h"

#include "common/error.h"

namespace sluice::connectors {

void appendSlot(Vector& v, const FieldSlot& slot) {
    if (slot.null) {
        v.appendNull();
        return;
    }
    switch (v.type().id) {
        case TypeId::Boolean:
            v.append<uint8_t>(slot.i != 0);
            return;
        case TypeId::TinyInt:
            v.append<int8_t>(static_cast<int8_t>(slot.i));
            return;
        case TypeId::SmallInt:
            v.append<int16_t>(static_cast<int16_t>(slot.i));
            return;
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            v.append<int32_t>(static_cast<int32_t>(slot.i));
            return;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            v.append<int64_t>(slot.i);
            return;
        case TypeId::Float:
            v.append<float>(static_cast<float>(slot.d));
            return;
        case TypeId::Double:
            v.append<double>(slot.d);
            return;
        case TypeId::Decimal:
            v.append<Int128>(slot.dec);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            v.appendString(slot.s);
            return;
        case TypeId::Null:
            v.appendNull();
            return;
        default:
            v.appendValue(slot.boxed);
            return;
    }
}

}  // namespace sluice::connectors
