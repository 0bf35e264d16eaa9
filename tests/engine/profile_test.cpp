// Profiles: every key checked against the vocabulary in profile_keys.cpp,
// each mistake naming file, line, key and what is allowed; documented
// defaults for what a profile leaves out.
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/frames.hpp"
#include "engine/profile.hpp"
#include "runner/deviations.hpp"
#include "runner/profile_keys.hpp"
#include "runner/profile_load.hpp"
#include "scenario/loader.hpp"

namespace stompspec {
namespace {

std::vector<Diagnostic> errors_of(const std::string& text) {
  std::vector<Diagnostic> errors;
  auto p = parse_profile(text, "p.json", errors);
  EXPECT_EQ(p.has_value(), errors.empty());
  return errors;
}

std::string joined(const std::vector<Diagnostic>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.str() + "\n";
  return s;
}

TEST(Profile, AMisspeltFeatureIsAnErrorNamingFileLineKeyAndTheAllowedKeys) {
  auto errors = errors_of("{\n  \"name\": \"x\",\n  \"features\": {\n    \"transaction\": false\n  }\n}\n");
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0].str(),
            "p.json:4: features.transaction: unknown feature 'transaction' (allowed here: versions, ack_modes, "
            "transactions, nack, receipts, heartbeats, queues, topics, redelivery, stomp_command, prefetch_many)");
}

TEST(Profile, EveryLevelRejectsUnknownKeysAndWrongTypes) {
  const std::string text = R"({
  "nmae": "x",
  "destinations": {"queue": "/q/", "topik": "/t/"},
  "features": {"nack": "yes", "ack_modes": ["client", "clients"], "versions": []},
  "limits": {"max_body_sise": 10, "max_frame_size": -1},
  "timeouts": {"expect": 5, "silence_ms": 0},
  "urls": {"tcp": "http://x"},
  "passcode": 7,
  "deviations": {"a/b/*c": "why", "a/b/1": {"reason": "r", "transports": ["udp"], "note": "x"}},
  "exclude": {"a/b/2": {"transports": ["tcp"]}}
})";
  std::string all = joined(errors_of(text));
  for (const char* want : {"p.json:2: nmae: unknown key 'nmae'", "p.json:3: destinations.topik: unknown key 'topik'",
                           "p.json:4: features.nack: expected true or false",
                           "features.ack_modes[1]: unknown ack_modes item 'clients' (allowed: auto, client, client-individual)",
                           "features.versions: a profile must offer at least one STOMP version",
                           "p.json:5: limits.max_body_sise: unknown limit 'max_body_sise' (allowed here: max_frame_size,",
                           "limits.max_frame_size: expected a whole number >= 0",
                           "p.json:6: timeouts.expect: unknown timeout 'expect' (allowed here: expect_ms, silence_ms, "
                           "settle_ms, after_error_ms, max_wait_ms)",
                           "timeouts.silence_ms: expected milliseconds", "p.json:7: urls.tcp: bad URL",
                           "p.json:8: passcode: expected a string or null",
                           "p.json:9: deviations[\"a/b/*c\"]: '*' may only end a pattern",
                           "deviations[\"a/b/1\"].transports[0]: unknown transport \"udp\" (allowed: tcp, ws, tls, wss, sockjs, sockjs-xhr; ws covers wss, tcp covers tls, sockjs covers sockjs-xhr)",
                           "deviations[\"a/b/1\"].note: unknown key 'note' (allowed here: reason, transports)",
                           "p.json:10: exclude[\"a/b/2\"]: every entry of 'exclude' needs a reason"})
    EXPECT_NE(all.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << all;
}

TEST(Profile, OmittedFeaturesKeepTheirDocumentedDefaults) {
  std::vector<Diagnostic> errors;
  auto p = parse_profile(R"({"name": "x", "features": {"transactions": false, "ack_modes": ["auto"]}})", "p.json", errors);
  ASSERT_TRUE(p) << joined(errors);
  std::string why;
  EXPECT_FALSE(p->offers("transactions", &why));
  EXPECT_EQ(why, "profile 'x' does not offer 'transactions'");
  EXPECT_FALSE(p->offers("ack:client", nullptr));
  EXPECT_TRUE(p->offers("ack:auto", nullptr));
  for (const auto& k : profile_features())
    if (k.values.empty() && k.name != "transactions") {
      EXPECT_TRUE(p->offers(k.name, nullptr)) << k.name;
    }
  EXPECT_EQ(p->versions(), (std::vector<std::string>{"1.0", "1.1", "1.2"}));
}

TEST(Profile, TimeoutsAreReadWithTheirDefaults) {
  std::vector<Diagnostic> errors;
  auto p = parse_profile(R"({"timeouts": {"after_error_ms": 1500, "max_wait_ms": 20000, "settle_ms": 50}})", "p.json", errors);
  ASSERT_TRUE(p) << joined(errors);
  EXPECT_EQ(p->after_error_ms, 1500);
  EXPECT_EQ(p->max_wait_ms, 20000);
  EXPECT_EQ(p->settle_ms, 50);
  EXPECT_EQ(p->expect_ms, 2000);
  EXPECT_EQ(p->silence_ms, 300);
  Profile d = default_profile();
  EXPECT_EQ(d.after_error_ms, 1000);
  EXPECT_EQ(d.max_wait_ms, 10000);
}

TEST(Profile, NullOrOmittedPasscodeSendsNoPasscode) {
  for (const char* text : {R"({"login": "u", "passcode": null})", R"({"login": "u"})"}) {
    std::vector<Diagnostic> errors;
    auto p = parse_profile(text, "p.json", errors);
    ASSERT_TRUE(p) << joined(errors);
    EXPECT_FALSE(p->passcode.has_value()) << text;
    Variables vars;
    auto f = build_connect(FrameSpec{}, *p, "localhost", Version::v1_2, vars, nullptr);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->has("passcode")) << text;
    EXPECT_EQ(*f->find("login"), "u");
  }
}

TEST(Profile, ExcludeEntriesAreReadLikeDeviations) {
  std::vector<Diagnostic> errors;
  auto p = parse_profile(R"({"exclude": {"stomp12/send/2": "crashes the broker",
                                         "stomp12/subscribe*": {"reason": "crashes it over ws", "transports": ["ws"]}}})",
                         "p.json", errors);
  ASSERT_TRUE(p) << joined(errors);
  ASSERT_EQ(p->excludes.size(), 2u);
  EXPECT_EQ(exclusion_for(*p, "stomp12/send/2", "stomp12/send/2@1.1", "tcp")->reason, "crashes the broker");
  EXPECT_EQ(exclusion_for(*p, "stomp12/subscribe/3", "stomp12/subscribe/3", "tcp"), nullptr);
  EXPECT_NE(exclusion_for(*p, "stomp12/subscribe/3", "stomp12/subscribe/3", "ws"), nullptr);
  EXPECT_EQ(exclusion_for(*p, "stomp12/send/3", "stomp12/send/3", "tcp"), nullptr);
  EXPECT_TRUE(p->deviations.empty());
}

TEST(Profile, ShippedProfilesValidate) {
  std::vector<Diagnostic> errors;
  EXPECT_TRUE(load_profile(STOMPSPEC_SOURCE_DIR "/targets/rabbitmq/profile.json", errors)) << joined(errors);
}

// A case may only need a feature a profile can declare: otherwise no profile
// could ever say "not offered" and the case would run everywhere.
TEST(Profile, EveryFeatureTheScenariosNeedIsInTheVocabulary) {
  CaseSet set = load_cases({STOMPSPEC_SOURCE_DIR "/scenarios"});
  ASSERT_FALSE(set.cases.empty());
  for (const auto& c : set.cases)
    for (const auto& f : c.features) {
      std::string why;
      EXPECT_TRUE(known_case_feature(f, &why)) << c.id << ": " << why;
    }
  std::string why;
  EXPECT_FALSE(known_case_feature("transaction", &why));
  EXPECT_NE(why.find("'transaction', which no profile can declare"), std::string::npos) << why;
}

// docs/profiles.md and the JSON Schema editors use must name every key the loader accepts.
TEST(Profile, DocsAndSchemaNameEveryKey) {
  std::ifstream docs_in(STOMPSPEC_SOURCE_DIR "/docs/profiles.md");
  std::stringstream docs;
  docs << docs_in.rdbuf();
  std::ifstream schema_in(STOMPSPEC_SOURCE_DIR "/targets/profile.schema.json");
  auto schema = nlohmann::json::parse(schema_in, nullptr, false);
  ASSERT_FALSE(schema.is_discarded());
  const auto& props = schema["properties"];
  std::set<std::string> schema_features, schema_timeouts;
  for (const auto& [k, v] : props["features"]["properties"].items()) schema_features.insert(k);
  for (const auto& [k, v] : props["timeouts"]["properties"].items()) schema_timeouts.insert(k);
  EXPECT_EQ(props["features"].value("additionalProperties", true), false);
  EXPECT_EQ(props["timeouts"].value("additionalProperties", true), false);
  EXPECT_EQ(props["limits"].value("additionalProperties", true), false);
  EXPECT_TRUE(props.contains("exclude"));
  for (const auto& k : profile_features()) {
    EXPECT_NE(docs.str().find("`" + k.name + "`"), std::string::npos) << "docs/profiles.md lacks feature " << k.name;
    EXPECT_TRUE(schema_features.count(k.name)) << "schema lacks feature " << k.name;
  }
  for (const auto& k : profile_timeouts()) {
    EXPECT_NE(docs.str().find("`" + k.name + "`"), std::string::npos) << "docs/profiles.md lacks timeout " << k.name;
    EXPECT_TRUE(schema_timeouts.count(k.name)) << "schema lacks timeout " << k.name;
  }
  for (const auto& k : profile_limits()) {
    EXPECT_NE(docs.str().find("`" + k + "`"), std::string::npos) << "docs/profiles.md lacks limit " << k;
    EXPECT_TRUE(props["limits"]["properties"].contains(k)) << "schema lacks limit " << k;
  }
  EXPECT_EQ(props["barrier"]["enum"].get<std::vector<std::string>>(), profile_barriers());
  for (const auto& b : profile_barriers())
    EXPECT_NE(docs.str().find("`" + b + "`"), std::string::npos) << "docs/profiles.md lacks barrier " << b;
  EXPECT_TRUE(props.contains("accept_version_1_0"));
  EXPECT_NE(docs.str().find("`accept_version_1_0`"), std::string::npos);
  EXPECT_EQ(schema_features.size(), profile_features().size());
  EXPECT_EQ(schema_timeouts.size(), profile_timeouts().size());
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

TEST(ProfileTls, FilesAreRelativeToTheProfileAndCheckedForShape) {
  std::vector<Diagnostic> errors;
  auto p = parse_profile(R"({"name": "t", "urls": {"tls": "tls://127.0.0.1:61614", "wss": "wss://127.0.0.1:15673/ws"},
    "tls": {"ca": "certs/ca.pem", "cert": "/abs/c.pem", "key": "k.pem", "server_name": "broker.example", "insecure": false}})",
                         "/srv/targets/x/profile.json", errors);
  ASSERT_TRUE(p) << errors.size();
  EXPECT_EQ(p->tls.ca_file, "/srv/targets/x/certs/ca.pem");
  EXPECT_EQ(p->tls.cert_file, "/abs/c.pem");
  EXPECT_EQ(p->tls.key_file, "/srv/targets/x/k.pem");
  EXPECT_EQ(p->tls.server_name, "broker.example");
  EXPECT_FALSE(p->tls.insecure);

  errors.clear();
  EXPECT_FALSE(parse_profile(R"({"tls": {"ca": 1, "cert": "c.pem", "verify": false}})", "p.json", errors));
  std::string all;
  for (const auto& e : errors) all += e.str() + "\n";
  EXPECT_NE(all.find("tls.verify: unknown key 'verify'"), std::string::npos) << all;
  EXPECT_NE(all.find("both 'cert' and 'key'"), std::string::npos) << all;
}

// A deviation or exclusion for "ws" holds over wss:// too; one for "wss" only there.
TEST(ProfileTls, TransportFamiliesCoverTheirTlsForms) {
  Deviation d{"stomp12/x/1", "r", {"ws"}};
  EXPECT_TRUE(covers(d, "stomp12/x/1", "stomp12/x/1@1.2", "ws"));
  EXPECT_TRUE(covers(d, "stomp12/x/1", "stomp12/x/1@1.2", "wss"));
  EXPECT_FALSE(covers(d, "stomp12/x/1", "stomp12/x/1@1.2", "tcp"));
  EXPECT_FALSE(covers(d, "stomp12/x/1", "stomp12/x/1@1.2", "tls"));
  Deviation only_wss{"stomp12/x/1", "r", {"wss"}};
  EXPECT_FALSE(covers(only_wss, "stomp12/x/1", "stomp12/x/1@1.2", "ws"));
  EXPECT_TRUE(covers(only_wss, "stomp12/x/1", "stomp12/x/1@1.2", "wss"));
}


TEST(Profile, BarrierAndOneZeroAcceptVersionAreChecked) {
  auto errors_of = [](const char* text) {
    std::vector<Diagnostic> errors;
    parse_profile(text, "p.json", errors);
    return joined(errors);
  };
  EXPECT_NE(errors_of(R"({"barrier": "fence"})").find("unknown barrier 'fence' (allowed: receipt, subscription, settle)"),
            std::string::npos);
  EXPECT_NE(errors_of(R"({"features": {"receipts": false}, "barrier": "receipt"})").find("needs features.receipts"),
            std::string::npos);
  EXPECT_NE(errors_of(R"({"features": {"topics": false}, "barrier": "subscription"})").find("needs features.topics"),
            std::string::npos);
  EXPECT_NE(errors_of(R"({"accept_version_1_0": "yes"})").find("accept_version_1_0: expected true or false"),
            std::string::npos);
  std::vector<Diagnostic> errors;
  auto p = parse_profile(R"({"features": {"receipts": false}, "barrier": "settle", "accept_version_1_0": true})", "p.json", errors);
  ASSERT_TRUE(p) << joined(errors);
  EXPECT_EQ(p->barrier(), "settle");
  Variables vars;
  auto f = build_connect(FrameSpec{}, *p, "localhost", Version::v1_0, vars, nullptr);
  ASSERT_TRUE(f);
  EXPECT_EQ(*f->find("accept-version"), "1.0");
  EXPECT_FALSE(f->has("host")) << "the rest stays a 1.0 CONNECT";
  // A case about the bare 1.0 form takes it out again.
  FrameSpec bare;
  bare.headers.push_back({"accept-version", std::nullopt});
  f = build_connect(bare, *p, "localhost", Version::v1_0, vars, nullptr);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has("accept-version"));
  f = build_connect(FrameSpec{}, default_profile(), "localhost", Version::v1_0, vars, nullptr);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has("accept-version")) << "off by default";
}

}  // namespace
}  // namespace stompspec
