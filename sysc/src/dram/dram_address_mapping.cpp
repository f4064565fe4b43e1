#include "sasim/sysc/dram_address_mapping.hpp"

#include <fmt/format.h>

#include "sasim/support/error.hpp"

namespace sasim::sysc {
namespace {

const char* const kFieldNames[] = {"ch", "ra", "bg", "ba", "ro", "co"};

}  // namespace

DramAddressMapping::DramAddressMapping(const DramConfig& config, const std::string& text, const std::string& where) {
  const auto fail = [&](const std::string& why) {
    throw UserError(
        fmt::format("{} = '{}': {} (fields ch, ra, bg, ba, ro, co from most to least significant, each "
                    "once, separated by '-', e.g. ro-ra-ba-co-bg-ch)",
                    where, text, why));
  };
  std::array<bool, kFieldCount> seen{};
  std::array<Field, kFieldCount> msb_first{};
  int n = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dash = text.find('-', pos);
    const std::string token = text.substr(pos, dash == std::string::npos ? std::string::npos : dash - pos);
    int field = -1;
    for (int f = 0; f < kFieldCount; ++f) {
      if (token == kFieldNames[f]) field = f;
    }
    if (field < 0) fail(fmt::format("unknown field '{}'", token));
    if (seen[field]) fail(fmt::format("field '{}' appears twice", token));
    seen[field] = true;
    msb_first[n++] = static_cast<Field>(field);
    if (dash == std::string::npos) break;
    pos = dash + 1;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (!seen[f]) fail(fmt::format("field '{}' is missing", kFieldNames[f]));
  }
  for (int i = 0; i < kFieldCount; ++i) order_[i] = msb_first[kFieldCount - 1 - i];
  count_[kChannel] = static_cast<std::uint64_t>(config.channels);
  count_[kRank] = static_cast<std::uint64_t>(config.ranks);
  count_[kBankGroup] = static_cast<std::uint64_t>(config.bank_groups);
  count_[kBank] = static_cast<std::uint64_t>(config.banks_per_group);
  count_[kRow] = static_cast<std::uint64_t>(config.rows);
  count_[kColumn] = static_cast<std::uint64_t>(config.bursts_per_row());
  burst_bytes_ = static_cast<std::uint64_t>(config.burst_bytes());
  // Powers of two everywhere (the usual case): shifts and masks instead of
  // divisions, which dominate decode() otherwise.
  const auto is_pow2 = [](std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; };
  const auto log2 = [](std::uint64_t v) { return static_cast<unsigned>(__builtin_ctzll(v)); };
  pow2_ = is_pow2(burst_bytes_);
  for (const std::uint64_t c : count_) pow2_ = pow2_ && is_pow2(c);
  if (pow2_) {
    burst_shift_ = log2(burst_bytes_);
    for (int f = 0; f < kFieldCount; ++f) shift_[f] = log2(count_[f]);
  }
}

DramAddress DramAddressMapping::decode(std::uint64_t byte_address) const {
  std::array<std::uint64_t, kFieldCount> value{};
  if (pow2_) {
    std::uint64_t rest = byte_address >> burst_shift_;
    for (const Field f : order_) {
      value[f] = rest & (count_[f] - 1);
      rest >>= shift_[f];
    }
  } else {
    std::uint64_t rest = byte_address / burst_bytes_;
    for (const Field f : order_) {
      value[f] = rest % count_[f];
      rest /= count_[f];
    }
  }
  DramAddress a;
  a.channel = static_cast<int>(value[kChannel]);
  a.rank = static_cast<int>(value[kRank]);
  a.bank_group = static_cast<int>(value[kBankGroup]);
  a.bank = static_cast<int>(value[kBank]);
  a.row = static_cast<std::int64_t>(value[kRow]);
  a.column = static_cast<int>(value[kColumn]);
  return a;
}

std::uint64_t DramAddressMapping::encode(const DramAddress& a) const {
  std::array<std::uint64_t, kFieldCount> value{};
  value[kChannel] = static_cast<std::uint64_t>(a.channel);
  value[kRank] = static_cast<std::uint64_t>(a.rank);
  value[kBankGroup] = static_cast<std::uint64_t>(a.bank_group);
  value[kBank] = static_cast<std::uint64_t>(a.bank);
  value[kRow] = static_cast<std::uint64_t>(a.row);
  value[kColumn] = static_cast<std::uint64_t>(a.column);
  std::uint64_t index = 0;
  for (int i = kFieldCount - 1; i >= 0; --i) index = index * count_[order_[i]] + value[order_[i]];
  return index * burst_bytes_;
}

}  // namespace sasim::sysc
