#pragma once
// Byte address -> (channel, rank, bank group, bank, row, column).
//
// A mapping is written as its fields from the most to the least significant
// position, separated by '-', e.g. "ro-ra-ba-co-bg-ch" (the ramulator order
// convention). Fields: ch (channel), ra (rank), bg (bank group), ba (bank
// within its group), ro (row), co (column burst within the row). Each
// appears exactly once. The address is first divided by the burst size (the
// byte offset within a burst is implicit below the last field); each field
// then takes the next digit of a mixed-radix number whose radices are the
// field counts, so counts need not be powers of two. Addresses beyond the
// capacity wrap around.
#include <array>
#include <cstdint>
#include <string>

#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {

struct DramAddress {
  int channel = 0;
  int rank = 0;
  int bank_group = 0;
  int bank = 0;  // within its bank group
  std::int64_t row = 0;
  int column = 0;  // burst index within the row
  bool operator==(const DramAddress& o) const {
    return channel == o.channel && rank == o.rank && bank_group == o.bank_group && bank == o.bank && row == o.row &&
           column == o.column;
  }
};

class DramAddressMapping {
 public:
  // Throws UserError "<where> = '<text>': ..." for an unknown, repeated or
  // missing field.
  DramAddressMapping(const DramConfig& config, const std::string& text, const std::string& where);

  DramAddress decode(std::uint64_t byte_address) const;
  // Burst-aligned byte address of a location (inverse of decode within capacity).
  std::uint64_t encode(const DramAddress& address) const;

 private:
  enum Field { kChannel, kRank, kBankGroup, kBank, kRow, kColumn, kFieldCount };
  std::array<Field, kFieldCount> order_{};          // least significant first
  std::array<std::uint64_t, kFieldCount> count_{};  // radix of each field
  std::uint64_t burst_bytes_ = 0;
  bool pow2_ = false;  // every count and the burst size a power of two
  unsigned burst_shift_ = 0;
  std::array<unsigned, kFieldCount> shift_{};
};

}  // namespace sasim::sysc
